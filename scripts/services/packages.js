/**
 * Debian packages a test needs (PostgreSQL, Redis): installed with apt-get when missing, which
 * works on these machines as root. CI installs them in .ci/run; this covers a developer's run.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');

function haveCommand(command) {
	return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs.readdirSync(root).filter((v) => fs.existsSync(`${root}/${v}/bin/initdb`)).sort((a, b) => Number(b) - Number(a));
	return versions.length ? `${root}/${versions[0]}/bin` : undefined;
}

function ensureDebianPackages() {
	const missing = [];
	if (!haveCommand('redis-server')) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (!missing.length) return;
	const apt = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	apt(['update', '-qq']);
	if (apt(['install', '-y', '-qq', ...missing]).status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed`);
}

module.exports = { ensureDebianPackages, postgresBinDir };

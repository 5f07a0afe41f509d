/**
 * Debian packages the real-n8n suites need: Chromium (the editor screenshot), PostgreSQL and Redis
 * (queue mode). `ensureDebianPackages(['chromium'])` installs the missing ones with apt-get as
 * root; without root (or without apt-get) it throws an error whose message is the one command to
 * run, so a suite stops at once instead of failing later.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');

/** Every package the suites use, for `npm test` to install in one go (CHROMIUM_PATH names another browser). */
const suitePackages = () => ['postgresql', 'redis-server', ...(process.env.CHROMIUM_PATH ? [] : ['chromium'])];

function haveCommand(command) {
	return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs.readdirSync(root).filter((v) => fs.existsSync(`${root}/${v}/bin/initdb`)).sort((a, b) => Number(b) - Number(a));
	return versions.length ? `${root}/${versions[0]}/bin` : undefined;
}

// What the suites run from each package: a package removed but with its files left behind counts as missing.
const PROGRAMS = {
	chromium: () => fs.existsSync('/usr/bin/chromium'),
	postgresql: () => Boolean(postgresBinDir()),
	'redis-server': () => haveCommand('redis-server'),
};

function dpkgInstalled(name) {
	const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
	return query.status === 0 && query.stdout.trim() === 'install ok installed';
}

const isInstalled = (name) => dpkgInstalled(name) && (PROGRAMS[name]?.() ?? true);

function missingDebianPackages(names) {
	return names.filter((name) => !isInstalled(name));
}

/** The one command that installs `names`, for someone who is not root. */
const installCommand = (names) => `sudo apt-get update && sudo apt-get install -y ${names.join(' ')}`;

function ensureDebianPackages(names) {
	const missing = missingDebianPackages(names);
	if (!missing.length) return;
	if (process.getuid?.() !== 0 || !haveCommand('apt-get')) {
		throw new Error(`missing Debian packages: ${missing.join(', ')}. Install them with:\n  ${installCommand(missing)}`);
	}
	console.log(`installing Debian packages: ${missing.join(' ')} (apt-get, a minute or two)`);
	// Another apt-get (a second suite, unattended upgrades) may hold the lock for a while.
	const apt = (args) =>
		spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], {
			stdio: ['ignore', 'ignore', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
	apt(['update', '-qq']);
	if (apt(['install', '-y', '-qq', ...missing]).status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed`);
	const still = missingDebianPackages(missing);
	if (still.length) throw new Error(`apt-get installed ${missing.join(' ')}, but ${still.join(', ')} is still missing`);
}

module.exports = { suitePackages, ensureDebianPackages, missingDebianPackages, installCommand, postgresBinDir };

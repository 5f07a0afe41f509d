// Makes a fresh clone runnable: installs the dev dependencies when any is missing (a fresh clone,
// or a package.json that gained one since the last install).
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function sh(command) {
	execSync(command, { cwd: ROOT, stdio: 'inherit' });
}

function ensureInstalled() {
	const { devDependencies } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const missing = Object.keys(devDependencies).filter((name) => !fs.existsSync(path.join(ROOT, 'node_modules', name, 'package.json')));
	if (missing.length) sh('npm ci --no-audit --no-fund');
}

function build() {
	sh('npm run --silent build');
}

module.exports = { ROOT, sh, ensureInstalled, build };

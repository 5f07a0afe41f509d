// Makes a fresh clone runnable: installs dev dependencies and builds when they are missing.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function sh(command) {
	execSync(command, { cwd: ROOT, stdio: 'inherit' });
}

function ensureInstalled() {
	if (!fs.existsSync(path.join(ROOT, 'node_modules', 'n8n-core'))) sh('npm ci --no-audit --no-fund');
}

function build() {
	sh('npm run --silent build');
}

module.exports = { ROOT, sh, ensureInstalled, build };

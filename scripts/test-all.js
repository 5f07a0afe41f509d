#!/usr/bin/env node
/**
 * `npm test`: everything, in order: build, lint (n8n's rule sets), the jest suites (unit,
 * emulator, workflow, package). Prints the totals last, as "N passed, N failed".
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, ensureInstalled } = require('./bootstrap');

ensureInstalled();

let passed = 0;
let failed = 0;

function step(name, command, args) {
	console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
	const started = Date.now();
	const { status } = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
	console.log(`=== ${name}: ${status === 0 ? 'ok' : `FAILED (exit ${status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return status === 0;
}

const built = step('build', 'npm', ['run', '--silent', 'build']);
built ? passed++ : failed++;
step('lint', 'npm', ['run', '--silent', 'lint']) ? passed++ : failed++;

if (built) {
	const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-jest-')), 'report.json');
	step('jest', 'npx', ['jest', '--ci', '--json', `--outputFile=${report}`]);
	if (fs.existsSync(report)) {
		const results = JSON.parse(fs.readFileSync(report, 'utf8'));
		passed += results.numPassedTests;
		failed += results.numFailedTests + results.numRuntimeErrorTestSuites;
	} else {
		failed++;
	}
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

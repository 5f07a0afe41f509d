#!/usr/bin/env node
/**
 * `npm test`: everything, in order: build, lint (`n8n-node lint`, strict), the jest suites (unit,
 * emulator, workflow, faults, package and its workflow files), the end-to-end suite in real n8n
 * 1.x and 2.x, and the queue-mode suite (1.x and 2.x). Prints the totals last, as
 * "N passed, N failed". `npm test -- --quick` leaves out the two real-n8n suites and the Debian
 * packages they need.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, ensureInstalled } = require('./bootstrap');
const { suitePackages, ensureDebianPackages } = require('./services/packages');

const quick = process.argv.includes('--quick');
ensureInstalled();

// Every step's temporary files (n8n user folders, packed tarballs, PostgreSQL clusters) go into one
// folder of this run, removed at the end, so repeated runs do not fill the disk. World-writable
// and sticky like /tmp: the PostgreSQL cluster inside it runs as the postgres user.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-test-'));
fs.chmodSync(scratch, 0o1777);
process.env.TMPDIR = scratch;
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));
// The real-n8n suites' Debian packages, before anything runs: without root this stops here with the command to run.
if (!quick) {
	try {
		ensureDebianPackages(suitePackages());
	} catch (error) {
		console.error(`\n${error.message}\n(or run \`npm test -- --quick\`, which needs none of them)`);
		console.log('\n0 passed, 1 failed');
		process.exit(1);
	}
}

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
	const report = path.join(scratch, 'jest-report.json');
	// --forceExit: a test that leaves a server or timer behind must not hold npm test forever (its failure is counted anyway).
	step('jest', 'npx', ['jest', '--ci', '--forceExit', '--json', `--outputFile=${report}`]);
	const results = readJson(report);
	if (results) {
		passed += results.numPassedTests;
		failed += results.numFailedTests + results.numRuntimeErrorTestSuites;
	} else {
		failed++;
	}
}

/** A suite outside jest that writes {passed, failed} to a summary file; a missing or unreadable one counts as one failure. */
function summarisedStep(name, script, args) {
	const summary = path.join(fs.mkdtempSync(path.join(scratch, 'suite-')), 'summary.json');
	step(name, process.execPath, [script, '--skip-build', '--summary', summary, ...args]);
	const result = readJson(summary);
	if (!Number.isInteger(result?.passed) || !Number.isInteger(result?.failed)) {
		console.log(`=== ${name}: wrote no readable summary (${summary}); counted as 1 failed`);
		return failed++;
	}
	passed += result.passed;
	failed += result.failed;
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

if (built && !quick) {
	summarisedStep('e2e (real n8n 1.x and 2.x)', path.join(ROOT, 'test/e2e/run.js'), ['--n8n', 'all']);
	summarisedStep('queue mode (n8n 1.x and 2.x, main + 2 workers, PostgreSQL, Redis)', path.join(ROOT, 'test/queue/run.js'), []);
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

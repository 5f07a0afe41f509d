#!/usr/bin/env node
/**
 * End-to-end suite: `node test/e2e/run.js [--n8n 1|2|all] [--summary file.json] [--skip-build]
 *   [--no-screenshot] [--update-docs] [--tarball file.tgz]`
 * (--no-screenshot skips the editor tests in Chromium; --update-docs copies their screenshots to docs/.)
 * Builds and packs the package, runs n8n's verification checks on the tarball, then for each n8n
 * major installs n8n (cached in .cache/), installs the tarball as a community package and runs
 * the workflow tests against the emulator. Prints "N passed, N failed" last; --summary also
 * writes {passed, failed, seconds, results} as JSON for scripts/test-all.js.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { build, ensureInstalled } = require('../../scripts/bootstrap');
const { packPackage } = require('../../scripts/n8n/instance');
const { Runner } = require('./lib/runner');
const { runVerificationChecks } = require('./verification');
const { runN8nSuite } = require('./n8nSuite');
const { runStopSuite } = require('./stopSuite');
const { runEditorTests } = require('./editor');

function parseArgs(argv) {
	const args = { n8n: 'all', summary: null, skipBuild: false, screenshot: true, updateDocs: false, tarball: null };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = () => inline ?? argv[++i];
		if (flag === '--n8n') args.n8n = value();
		else if (flag === '--summary') args.summary = path.resolve(value());
		else if (flag === '--skip-build') args.skipBuild = true;
		else if (flag === '--no-screenshot') args.screenshot = false;
		else if (flag === '--update-docs') args.updateDocs = true;
		else if (flag === '--tarball') args.tarball = path.resolve(value()); // test a given tarball instead of packing
		else throw new Error(`unknown argument ${argv[i]}`);
	}
	if (!['1', '2', 'all'].includes(args.n8n)) throw new Error('--n8n takes 1, 2 or all');
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const started = Date.now();
	const runner = new Runner();
	const majors = args.n8n === 'all' ? ['1', '2'] : [args.n8n];
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-e2e-pack-'));
	try {
		ensureInstalled(); // a fresh clone: npm ci first
		if (args.screenshot && !process.env.CHROMIUM_PATH) require('../../scripts/services/packages').ensureDebianPackages(['chromium']);
		if (!args.skipBuild && !args.tarball) build();
		const tarball = args.tarball ?? packPackage(packDir);
		console.log(`\ne2e: packed ${path.basename(tarball)}`);

		console.log('\ne2e: n8n verification checks');
		await runVerificationChecks(runner, tarball);

		for (const major of majors) {
			console.log(`\ne2e: n8n ${major}.x`);
			const editor = args.screenshot ? (context) => runEditorTests({ ...context, updateDocs: args.updateDocs }) : undefined;
			await runN8nSuite(major, { runner, tarball, editor });
			await runStopSuite(major, { runner, tarball }); // an n8n of its own, logging at debug level
		}
	} catch (error) {
		runner.skipFailed('e2e set-up', error.stack ?? error.message);
	}
	fs.rmSync(packDir, { recursive: true, force: true });
	const seconds = Math.round((Date.now() - started) / 1000);
	console.log(`\ne2e: ${runner.passed} passed, ${runner.failed} failed in ${seconds} s`);
	if (args.summary) {
		fs.writeFileSync(args.summary, JSON.stringify({ passed: runner.passed, failed: runner.failed, seconds, results: runner.results }, null, 2));
	}
	console.log(`${runner.passed} passed, ${runner.failed} failed`);
	process.exit(runner.failed === 0 && runner.passed > 0 ? 0 : 1);
}

main();

#!/usr/bin/env node
/**
 * n8n queue mode with the package installed: PostgreSQL and Redis (started here, on loopback),
 * an n8n main with EXECUTIONS_MODE=queue and two `n8n worker` processes, in two scenarios:
 * - sharedFolder.js, n8n 1.x: the package in one user folder shared by all; 20 webhook
 *   executions at once, 10,000 rows each, each into its own table with its own credential, and
 *   the throughput with one and two workers;
 * - packagesFromEnv.js, n8n 2.x: every process with a folder of its own; the main installs the
 *   package from N8N_COMMUNITY_PACKAGES, the workers follow (told over Redis, or at start-up with
 *   N8N_REINSTALL_MISSING_PACKAGES=true), and executions run on both.
 * `node test/queue/run.js [--n8n 1|2|all] [--summary file.json] [--skip-build]`.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { build } = require('../../scripts/bootstrap');
const { packPackage } = require('../../scripts/n8n/instance');
const { ensureDebianPackages } = require('../../scripts/services/packages');
const { Runner } = require('../e2e/lib/runner');
const { sharedFolderSuite } = require('./sharedFolder');
const { packagesFromEnvSuite } = require('./packagesFromEnv');

function argument(name, fallback) {
	const index = process.argv.indexOf(name);
	return index > 0 ? process.argv[index + 1] : fallback;
}

async function runScenario(runner, name, scenario, context) {
	const stops = [];
	try {
		await scenario({ ...context, runner, stops });
	} catch (error) {
		runner.skipFailed(`queue-mode set-up (${name})`, error.stack ?? error.message);
	} finally {
		for (const stop of stops.reverse()) await Promise.resolve().then(stop).catch(() => {});
	}
}

async function main() {
	const summaryFile = argument('--summary') && path.resolve(argument('--summary'));
	const majors = argument('--n8n', 'all');
	if (!['1', '2', 'all'].includes(majors)) throw new Error('--n8n takes 1, 2 or all');
	const runner = new Runner();
	const started = Date.now();
	const throughput = {};
	let tarball;
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-queue-pack-'));
	try {
		ensureDebianPackages(['postgresql', 'redis-server']);
		if (!process.argv.includes('--skip-build')) build();
		tarball = packPackage(packDir);
	} catch (error) {
		runner.skipFailed('queue-mode set-up', error.stack ?? error.message);
	}
	if (tarball && majors !== '2') await runScenario(runner, 'n8n 1.x', sharedFolderSuite, { tarball, throughput });
	if (tarball && majors !== '1') await runScenario(runner, 'n8n 2.x', packagesFromEnvSuite, { tarball });

	fs.rmSync(packDir, { recursive: true, force: true });

	for (const [label, key] of [['1 worker ', 'oneWorker'], ['2 workers', 'twoWorkers']]) {
		const t = throughput[key];
		if (t) console.log(`  throughput, ${label}: ${t.stored} rows in ${t.seconds.toFixed(1)} s = ${Math.round(t.stored / t.seconds)} rows/s`);
	}
	const seconds = Math.round((Date.now() - started) / 1000);
	const rates = Object.fromEntries(Object.entries(throughput).map(([k, t]) => [k, { rows: t.stored, seconds: t.seconds }]));
	if (summaryFile) fs.writeFileSync(summaryFile, JSON.stringify({ passed: runner.passed, failed: runner.failed, seconds, throughput: rates, results: runner.results }, null, 2));
	console.log(`queue: ${runner.passed} passed, ${runner.failed} failed in ${seconds} s`);
	console.log(`${runner.passed} passed, ${runner.failed} failed`);
	process.exit(runner.failed === 0 && runner.passed > 0 ? 0 : 1);
}

main();

/**
 * n8n 1.x in queue mode, the package installed into one user folder that the main and two
 * workers share (as in an image with the package baked in). 20 webhook executions at once, each
 * importing 10,000 rows into its own table with its own credential; then the same load on one
 * worker, for the throughput comparison.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureN8n } = require('../../scripts/n8n/install');
const { createUserFolder, startN8n } = require('../../scripts/n8n/instance');
const { N8nRest } = require('../../scripts/n8n/rest');
const { assertRowsStored, importAll, importFixtures, processEnv, startQueueServices, startWorker, waitForWebhooks } = require('./cluster');
const Q = require('./workflows');

const EXECUTIONS = 20;
const ROWS = 10_000;

/** Adds its tests to `runner`; pushes every stop() onto `stops`; fills `throughput`. */
async function sharedFolderSuite({ runner, tarball, stops, throughput }) {
	const started = Date.now();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-queue-'));
	fs.chmodSync(work, 0o755);
	// Pushed first, so it runs after every service has stopped.
	if (!process.env.E2E_KEEP_WORK) stops.push(() => fs.rmSync(work, { recursive: true, force: true }));
	const install = ensureN8n('1');
	const list = Q.fixtures(EXECUTIONS, ROWS);

	const { emulator, pg, cluster } = await startQueueServices(Q.emulatorConfig(list), work, stops);
	const userFolder = createUserFolder(tarball, work);
	const env = await processEnv(install, userFolder, cluster, { logLevel: 'warn' });
	importFixtures(install, env, work, list, emulator.url);

	const main = await startN8n(install, env);
	stops.push(main.stop);
	const rest = new N8nRest(main.url);
	await rest.ownerSession();
	for (const f of list) await rest.activateWorkflow(f.workflowId, '1');
	await waitForWebhooks(main, list);
	const workers = [];
	for (const name of ['worker-1', 'worker-2']) {
		const worker = await startWorker(install, await processEnv(install, userFolder, cluster, { logLevel: 'info' }), name);
		stops.push(worker.stop);
		workers.push(worker);
	}
	console.log(`  queue set-up ready in ${((Date.now() - started) / 1000).toFixed(0)} s: PostgreSQL, Redis, n8n 1.x main, 2 workers`);

	let run;
	await runner.test(`queue mode, 2 workers: ${EXECUTIONS} executions at once store ${EXECUTIONS * ROWS} rows, each exactly once, in its own table`, async () => {
		run = await importAll(main, emulator, pg, list);
		throughput.twoWorkers = run;
		await assertRowsStored(emulator, list);
		assert.equal(run.stored, EXECUTIONS * ROWS);
	});

	await runner.test('queue mode: every request carried the key of its own credential', async () => {
		// The emulator's keys are the fixtures' keys, in the fixtures' order.
		const keyIndexOf = new Map(list.map((f, index) => [f.tableId, index]));
		const wrong = run.imports.filter((r) => keyIndexOf.get(r.tableId) !== r.keyIndex).length;
		assert.equal(wrong, 0, `${wrong} request(s) with another execution's key`);
		assert.equal(run.imports.length, EXECUTIONS * Math.ceil(ROWS / 1000));
	});

	await runner.test('queue mode: the executions ran on both workers and all succeeded', async () => {
		const perWorker = workers.map((w) => w.executions().length);
		assert.equal(perWorker[0] + perWorker[1], EXECUTIONS, `executions per worker: ${perWorker.join(' + ')}`);
		assert.ok(perWorker.every((n) => n > 0), `executions per worker: ${perWorker.join(' + ')}`);
		const statuses = pg.query("SELECT status || ':' || count(*) FROM execution_entity GROUP BY status").trim();
		assert.equal(statuses, `success:${EXECUTIONS}`);
		console.log(`       executions per worker: ${perWorker.join(' + ')}`);
	});

	await runner.test('queue mode, 1 worker: the same load, for the throughput comparison', async () => {
		await workers[1].stop();
		const single = await importAll(main, emulator, pg, list);
		assert.equal(single.stored, EXECUTIONS * ROWS);
		throughput.oneWorker = single;
	});
}

module.exports = { sharedFolderSuite };

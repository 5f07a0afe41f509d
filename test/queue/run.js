#!/usr/bin/env node
/**
 * n8n queue mode with the package installed: PostgreSQL and Redis (started here, on loopback),
 * one n8n main with EXECUTIONS_MODE=queue and two `n8n worker` processes sharing one user folder
 * and database. 20 webhook executions at once, each importing 10,000 rows into its own emulator
 * table with its own credential. `node test/queue/run.js [--summary file.json] [--skip-build]`.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { build } = require('../../scripts/bootstrap');
const { ensureN8n } = require('../../scripts/n8n/install');
const { createUserFolder, freePort, n8nEnv, packPackage, runCliOrThrow, startN8n, startN8nProcess } = require('../../scripts/n8n/instance');
const { startEmulatorProcess } = require('../../scripts/services/emulator');
const { N8nRest } = require('../../scripts/n8n/rest');
const { ensureDebianPackages } = require('../../scripts/services/packages');
const { startPostgres } = require('../../scripts/services/postgres');
const { startRedis } = require('../../scripts/services/redis');
const { Runner } = require('../e2e/lib/runner');
const Q = require('./workflows');

const EXECUTIONS = 20;
const ROWS = 10_000;

/** `n8n worker`, ready once its log says so; `executions()` reads which executions it started. */
async function startWorker(install, env, name) {
	const worker = await startN8nProcess(install, env, ['worker', '--concurrency=10'], {
		logName: `${name}.log`,
		async ready(child, logFile) {
			const deadline = Date.now() + 120_000;
			while (!fs.readFileSync(logFile, 'utf8').includes('worker is now ready')) {
				if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${name} did not start`);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		},
	});
	const executions = () => [...fs.readFileSync(worker.logFile, 'utf8').matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
	return { name, ...worker, executions };
}

/** Fires every webhook at once and waits until the emulator holds every row (or stops growing). */
async function importAll(main, emulator, pg, list) {
	await emulator.reset();
	const started = Date.now();
	const answers = await Promise.all(list.map((f) => fetch(`${main.url}/webhook/${f.webhookPath}`, { method: 'POST' })));
	assert.deepEqual(answers.map((a) => a.status), list.map(() => 200), 'every webhook accepted');
	const total = list.length * ROWS;
	let stored = 0;
	let lastChange = Date.now();
	while (stored < total && Date.now() - lastChange < 120_000) {
		await new Promise((resolve) => setTimeout(resolve, 250));
		const now = (await Promise.all(list.map((f) => emulator.rows(f.tableId)))).reduce((sum, rows) => sum + rows.length, 0);
		if (now !== stored) [stored, lastChange] = [now, Date.now()];
	}
	// The rows are in once the node has sent them; the execution ends when n8n has saved its data.
	const unfinished = () => Number(pg.query("SELECT count(*) FROM execution_entity WHERE status IN ('new', 'running', 'waiting')").trim());
	for (const deadline = Date.now() + 120_000; unfinished() > 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 500));
	const imports = await emulator.imports();
	const finished = Math.max(...imports.map((r) => r.startedAt + r.durationMs));
	return { seconds: (finished - started) / 1000, stored, imports };
}

async function main() {
	const summaryArg = process.argv.indexOf('--summary');
	const summaryFile = summaryArg > 0 ? path.resolve(process.argv[summaryArg + 1]) : null;
	const runner = new Runner();
	const started = Date.now();
	const stops = [];
	const throughput = {};
	try {
		ensureDebianPackages(['postgresql', 'redis-server']);
		if (!process.argv.includes('--skip-build')) build();
		const work = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-queue-'));
		fs.chmodSync(work, 0o755);
		const tarball = packPackage(fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-queue-pack-')));
		const install = ensureN8n('1');
		const list = Q.fixtures(EXECUTIONS, ROWS);

		const emulator = await startEmulatorProcess(Q.emulatorConfig(list), work);
		stops.push(emulator.stop);
		const pg = await startPostgres({ port: await freePort() });
		stops.push(pg.stop);
		const redis = await startRedis({ port: await freePort() });
		stops.push(redis.stop);

		const userFolder = createUserFolder(tarball, work);
		const queueEnv = {
			DB_TYPE: 'postgresdb', DB_POSTGRESDB_HOST: pg.host, DB_POSTGRESDB_PORT: String(pg.port),
			DB_POSTGRESDB_DATABASE: pg.database, DB_POSTGRESDB_USER: pg.user, DB_POSTGRESDB_PASSWORD: pg.password,
			// n8n's defaults (2 connections, 20 s to get one) starve 10 concurrent executions per worker on a busy machine.
			DB_POSTGRESDB_POOL_SIZE: '20', DB_POSTGRESDB_CONNECTION_TIMEOUT: '120000',
			EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: redis.host, QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_ENCRYPTION_KEY: 'queue-test-encryption-key-0123456789',
		};
		const env = n8nEnv(install, userFolder, { port: await freePort(), brokerPort: await freePort(), extra: queueEnv });
		const workerEnv = async () => ({ ...n8nEnv(install, userFolder, { port: await freePort(), brokerPort: await freePort(), logLevel: 'info', extra: queueEnv }), QUEUE_HEALTH_CHECK_PORT: String(await freePort()) });

		fs.writeFileSync(path.join(work, 'credentials.json'), JSON.stringify(Q.credentialsFile(list, emulator.url)));
		fs.mkdirSync(path.join(work, 'workflows'));
		for (const f of list) fs.writeFileSync(path.join(work, 'workflows', `${f.index}.json`), JSON.stringify(Q.workflow(f)));
		runCliOrThrow(install, env, ['import:credentials', `--input=${path.join(work, 'credentials.json')}`]);
		runCliOrThrow(install, env, ['import:workflow', '--separate', `--input=${path.join(work, 'workflows')}`]);

		const main = await startN8n(install, env);
		stops.push(main.stop);
		const rest = new N8nRest(main.url);
		await rest.ownerSession();
		for (const f of list) await rest.activateWorkflow(f.workflowId, '1');
		const workers = [await startWorker(install, await workerEnv(), 'worker-1'), await startWorker(install, await workerEnv(), 'worker-2')];
		workers.forEach((w) => stops.push(w.stop));
		console.log(`  queue set-up ready in ${((Date.now() - started) / 1000).toFixed(0)} s: PostgreSQL, Redis, n8n main, 2 workers`);

		let run;
		await runner.test(`queue mode, 2 workers: ${EXECUTIONS} executions at once store ${EXECUTIONS * ROWS} rows, each exactly once, in its own table`, async () => {
			run = await importAll(main, emulator, pg, list);
			throughput.twoWorkers = run;
			for (const f of list) {
				const rows = await emulator.rows(f.tableId);
				assert.equal(rows.length, ROWS, `${f.tableId} row count`);
				assert.deepEqual(rows.map((r) => r.id).sort(), Q.expectedIds(f).sort(), `${f.tableId} holds its own rows, once each`);
			}
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
	} catch (error) {
		runner.skipFailed('queue-mode set-up', error.stack ?? error.message);
	} finally {
		for (const stop of stops.reverse()) await Promise.resolve().then(stop).catch(() => {});
	}
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

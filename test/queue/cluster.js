/**
 * What both queue-mode scenarios share: the environment of a queue-mode n8n process, the
 * fixtures imported with n8n's CLI, workers started and read from their logs, and a load fired
 * at the webhooks until the emulator holds every row.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freePort, n8nEnv, runCliOrThrow, startN8nProcess } = require('../../scripts/n8n/instance');
const { N8nRest } = require('../../scripts/n8n/rest');
const Q = require('./workflows');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** PostgreSQL, Redis and the encryption key every process of one cluster shares. */
function queueSettings(pg, redis) {
	return {
		DB_TYPE: 'postgresdb', DB_POSTGRESDB_HOST: pg.host, DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database, DB_POSTGRESDB_USER: pg.user, DB_POSTGRESDB_PASSWORD: pg.password,
		// n8n's defaults (2 connections, 20 s to get one) starve 10 concurrent executions per worker on a busy machine.
		DB_POSTGRESDB_POOL_SIZE: '20', DB_POSTGRESDB_CONNECTION_TIMEOUT: '120000',
		EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: redis.host, QUEUE_BULL_REDIS_PORT: String(redis.port),
		N8N_ENCRYPTION_KEY: 'queue-test-encryption-key-0123456789',
	};
}

/** One n8n process's environment: its own ports, the cluster's settings, and `extra`. */
async function processEnv(install, userFolder, cluster, { logLevel, extra = {} } = {}) {
	const env = n8nEnv(install, userFolder, { port: await freePort(), brokerPort: await freePort(), logLevel, extra: { ...cluster, ...extra } });
	return { ...env, QUEUE_HEALTH_CHECK_PORT: String(await freePort()) };
}

/** Credentials and webhook workflows of `list`, imported with n8n's CLI (which also migrates the database). */
function importFixtures(install, env, work, list, emulatorUrl) {
	fs.writeFileSync(path.join(work, 'credentials.json'), JSON.stringify(Q.credentialsFile(list, emulatorUrl)));
	fs.mkdirSync(path.join(work, 'workflows'));
	for (const f of list) fs.writeFileSync(path.join(work, 'workflows', `${f.index}.json`), JSON.stringify(Q.workflow(f)));
	runCliOrThrow(install, env, ['import:credentials', `--input=${path.join(work, 'credentials.json')}`]);
	runCliOrThrow(install, env, ['import:workflow', '--separate', `--input=${path.join(work, 'workflows')}`]);
}

const logOf = (logFile) => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');

/** `n8n worker`, ready once its log says so; `executions()` reads which executions it started. */
async function startWorker(install, env, name, { concurrency = 10 } = {}) {
	const worker = await startN8nProcess(install, env, ['worker', `--concurrency=${concurrency}`], {
		logName: `${name}.log`,
		async ready(child, logFile) {
			const deadline = Date.now() + 180_000;
			while (!logOf(logFile).includes('worker is now ready')) {
				if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${name} did not start`);
				await sleep(250);
			}
		},
	});
	const executions = () => [...logOf(worker.logFile).matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
	return { name, ...worker, log: () => logOf(worker.logFile), executions };
}

/** Waits until `condition()` holds; fails with `what` after `timeoutMs`. */
async function waitUntil(condition, what, timeoutMs = 120_000) {
	for (const deadline = Date.now() + timeoutMs; !(await condition()); await sleep(250)) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
	}
}

/** Resolves once every fixture's webhook is registered: activation can return before that. */
async function waitForWebhooks(main, list) {
	const rest = new N8nRest(main.url);
	for (const f of list) await rest.waitForWebhook(f.webhookPath);
}

/** Fires every webhook at once and waits until the emulator holds every row (or stops growing). */
async function importAll(main, emulator, pg, list) {
	await emulator.reset();
	const started = Date.now();
	const answers = await Promise.all(list.map((f) => fetch(`${main.url}/webhook/${f.webhookPath}`, { method: 'POST' })));
	assert.deepEqual(answers.map((a) => a.status), list.map(() => 200), 'every webhook accepted');
	const total = list.reduce((sum, f) => sum + f.rows, 0);
	let stored = 0;
	let lastChange = Date.now();
	while (stored < total && Date.now() - lastChange < 120_000) {
		await sleep(250);
		const now = (await Promise.all(list.map((f) => emulator.rows(f.tableId)))).reduce((sum, rows) => sum + rows.length, 0);
		if (now !== stored) [stored, lastChange] = [now, Date.now()];
	}
	// The rows are in once the node has sent them; the execution ends when n8n has saved its data.
	const unfinished = () => Number(pg.query("SELECT count(*) FROM execution_entity WHERE status IN ('new', 'running', 'waiting')").trim());
	for (const deadline = Date.now() + 120_000; unfinished() > 0 && Date.now() < deadline; ) await sleep(500);
	const imports = await emulator.imports();
	const finished = Math.max(...imports.map((r) => r.startedAt + r.durationMs));
	return { seconds: (finished - started) / 1000, stored, imports };
}

/** Every fixture's table holds its own rows, once each. */
async function assertRowsStored(emulator, list) {
	for (const f of list) {
		const rows = await emulator.rows(f.tableId);
		assert.equal(rows.length, f.rows, `${f.tableId} row count`);
		assert.deepEqual(rows.map((r) => r.id).sort(), Q.expectedIds(f).sort(), `${f.tableId} holds its own rows, once each`);
	}
}

/** The emulator, PostgreSQL and Redis a queue-mode scenario runs on, each stopped by `stops`. */
async function startQueueServices(emulatorConfig, work, stops) {
	const { startEmulatorProcess } = require('../../scripts/services/emulator');
	const { startPostgres } = require('../../scripts/services/postgres');
	const { startRedis } = require('../../scripts/services/redis');
	const emulator = await startEmulatorProcess(emulatorConfig, work);
	stops.push(emulator.stop);
	const pg = await startPostgres({ port: await freePort() });
	stops.push(pg.stop);
	const redis = await startRedis({ port: await freePort() });
	stops.push(redis.stop);
	return { emulator, pg, cluster: queueSettings(pg, redis) };
}

module.exports = { startQueueServices, queueSettings, processEnv, importFixtures, startWorker, waitUntil, waitForWebhooks, importAll, assertRowsStored, sleep };

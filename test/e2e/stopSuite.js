/**
 * Stopping an execution in a real n8n (1.x or 2.x) the way the editor's Stop button does:
 * `POST /rest/executions/<id>/stop`, no body (ExecutionsController in both majors). A webhook
 * starts the workflow (it answers at once, the execution goes on); once the emulator has had
 * the requests the test waits for, the execution is stopped. Then: no request reaches the
 * emulator afterwards, and the node's work ends within a second. n8n settles a stopped
 * execution at once (its stoppedAt says nothing about the node), but it logs "Workflow execution
 * finished with error" (debug) only when the node's execute() has returned: the suite watches
 * its log for that line.
 *
 * Run alone: `node test/e2e/stopSuite.js [--n8n 1|2|all] [--tarball file.tgz]` (packs the built
 * package when no tarball is given).
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { ensureN8n } = require('../../scripts/n8n/install');
const { createUserFolder, freePort, n8nEnv, runCliOrThrow, startN8n, packPackage } = require('../../scripts/n8n/instance');
const { N8nRest } = require('../../scripts/n8n/rest');
const { request } = require('../../scripts/n8n/http');
const { startEmulatorProcess, IMPORT_PATH } = require('../../scripts/services/emulator');
const W = require('./workflows');

const API_KEY = 'e2e-stop-key-7c1a9e2d';
/** The node's work must end this soon after the stop. */
const WORK_ENDS_WITHIN_MS = 1000;
/** n8n logs this once the loop over nodes returns, which waits for the node's execute(). */
const RUN_ENDED = 'Workflow execution finished with error';

const sleep = async (ms) => await new Promise((resolve) => setTimeout(resolve, ms));

/** Webhook (answers on receipt) -> Code -> AltaTech. */
function stopWorkflow(id, webhookPath, jsCode, options) {
	const node = (name, type, typeVersion, x, parameters, extra = {}) => ({ id: randomUUID(), name, type, typeVersion, position: [x, 300], parameters, ...extra });
	return {
		id,
		name: `E2E stop: ${webhookPath}`,
		active: false,
		nodes: [
			node('Webhook', 'n8n-nodes-base.webhook', 2, 220, { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} }, { webhookId: randomUUID() }),
			node('Rows', 'n8n-nodes-base.code', 2, 440, { jsCode }),
			node('AltaTech', W.NODE_TYPE, 1, 660, W.autoMap('tbl_free', options), { credentials: { altaTechApi: W.CREDENTIAL } }),
		],
		connections: {
			Webhook: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'AltaTech', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

function stopWorkflows() {
	return {
		interval: stopWorkflow('e2eStopInterval1', 'e2e-stop-interval', W.codeFor(W.people, 200), { batchSize: 10, batchInterval: 2000 }),
		backoff: stopWorkflow('e2eStopBackoff01', 'e2e-stop-backoff', W.codeFor(W.people, 5), { maxRetries: 10, retryDelay: 5000 }),
	};
}

async function waitUntil(what, check, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(25);
	}
}

/** The running execution of a workflow, from the list the editor shows. */
async function runningExecutionId(rest, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = await rest.call('GET', `/executions?filter=${filter}&limit=1`);
	const [latest] = list.results ?? list;
	return latest && ['new', 'running'].includes(latest.status) ? latest.id : undefined;
}

/**
 * Starts the workflow through its webhook, stops it once `ready(imports)` holds, and watches
 * n8n's log for the end of the node's work. Returns what the emulator had at the stop, when the
 * stop was answered and when the run ended (ms after the stop).
 */
async function startThenStop({ n8n, rest, emulator, workflow, webhookPath, ready }) {
	const hook = await request(`${n8n.url}/webhook/${webhookPath}`, { method: 'POST', timeoutMs: 30000 });
	assert.equal(hook.status, 200, hook.text.slice(0, 300));
	const executionId = await waitUntil('the execution in the list', () => runningExecutionId(rest, workflow.id), 15000);
	await waitUntil('the requests to stop after', async () => ready(await emulator.imports()), 30000);
	const logOffset = fs.statSync(n8n.logFile).size;
	const requestsAtStop = (await emulator.requests()).length;
	const stopAt = Date.now();
	const stopped = await rest.call('POST', `/executions/${executionId}/stop`);
	const stopAnsweredMs = Date.now() - stopAt;
	const newLog = () => {
		const fd = fs.openSync(n8n.logFile, 'r');
		const length = fs.fstatSync(fd).size - logOffset;
		const buffer = Buffer.alloc(Math.max(0, length));
		fs.readSync(fd, buffer, 0, buffer.length, logOffset);
		fs.closeSync(fd);
		return buffer.toString('utf8');
	};
	const runEndedMs = await waitUntil(`"${RUN_ENDED}" in n8n's log`, () => (newLog().includes(RUN_ENDED) ? Date.now() - stopAt : undefined), 15000).catch(() => Infinity);
	console.log(`       stop answered in ${stopAnsweredMs} ms, the node's work ended ${runEndedMs} ms after the stop`);
	return { executionId, stopped, requestsAtStop, stopAnsweredMs, runEndedMs, log: newLog };
}

/** Runs the stop tests for one n8n major; results go to `runner`. Cleans up every process it started. */
async function runStopSuite(major, { runner, tarball }) {
	const t = (name, fn) => runner.test(`n8n ${major}: ${name}`, fn);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), `altatech-e2e-stop-${major}-`));
	let emulator;
	let n8n;
	try {
		const install = ensureN8n(major);
		emulator = await startEmulatorProcess({ apiKeys: [API_KEY], tables: W.EMULATOR_TABLES }, work);
		const userFolder = createUserFolder(tarball, work);
		const env = n8nEnv(install, userFolder, { port: await freePort(), brokerPort: await freePort(), logLevel: 'debug' });
		const workflows = stopWorkflows();
		fs.writeFileSync(path.join(work, 'credentials.json'), JSON.stringify(W.credentialFile(API_KEY, emulator.url)));
		fs.mkdirSync(path.join(work, 'workflows'));
		for (const [key, workflow] of Object.entries(workflows)) fs.writeFileSync(path.join(work, 'workflows', `${key}.json`), JSON.stringify(workflow));
		runCliOrThrow(install, env, ['import:credentials', `--input=${path.join(work, 'credentials.json')}`]);
		runCliOrThrow(install, env, ['import:workflow', '--separate', `--input=${path.join(work, 'workflows')}`]);
		n8n = await startN8n(install, env);
		const rest = new N8nRest(n8n.url);
		await rest.ownerSession();
		for (const workflow of Object.values(workflows)) await rest.activateWorkflow(workflow.id, major);
		for (const webhookPath of ['e2e-stop-interval', 'e2e-stop-backoff']) await rest.waitForWebhook(webhookPath);
		const context = { n8n, rest, emulator };

		await t('Stop during a 2 s Request Interval (200 items, batches of 10): no request after the stop, the node done within 1 s', async () => {
			await emulator.reset();
			const run = await startThenStop({ ...context, workflow: workflows.interval, webhookPath: 'e2e-stop-interval', ready: (imports) => imports.length >= 2 });
			await sleep(5000); // two and a half intervals: a node still running would have sent again
			const imports = await emulator.imports();
			assert.equal((await emulator.requests()).length, run.requestsAtStop, 'requests reached the emulator after the stop');
			assert.deepEqual(imports.map((r) => [r.recordCount, r.code]), [[10, 0], [10, 0]]);
			assert.deepEqual(await emulator.rows('tbl_free'), W.people(20));
			assert.ok(run.runEndedMs < WORK_ENDS_WITHIN_MS, `the node's work ended ${run.runEndedMs} ms after the stop (stop answered in ${run.stopAnsweredMs} ms)`);
			assert.equal(run.stopped.status, 'canceled', JSON.stringify(run.stopped));
			assert.equal(fs.readFileSync(n8n.logFile, 'utf8').includes(API_KEY), false, "the API key is in n8n's log");
		});

		await t('Stop during a retry backoff (50000 on every import, 10 retries, 5 s delay): never retried, the node done within 1 s', async () => {
			await emulator.reset();
			await emulator.configure({ faults: [{ kind: 'code50000', path: IMPORT_PATH }] });
			try {
				const run = await startThenStop({ ...context, workflow: workflows.backoff, webhookPath: 'e2e-stop-backoff', ready: (imports) => imports.length >= 1 });
				await sleep(6000); // past the longest first backoff (5 s)
				const imports = await emulator.imports();
				assert.equal((await emulator.requests()).length, run.requestsAtStop, 'requests reached the emulator after the stop');
				assert.deepEqual(imports.map((r) => r.code), [50000]);
				assert.match(run.log(), /AltaTech: table tbl_free, batch 1 of 1: .*cancelled/, 'the request is reported as cancelled');
				assert.ok(run.runEndedMs < WORK_ENDS_WITHIN_MS, `the node's work ended ${run.runEndedMs} ms after the stop (stop answered in ${run.stopAnsweredMs} ms)`);
				assert.equal(run.stopped.status, 'canceled', JSON.stringify(run.stopped));
			} finally {
				await emulator.configure({ faults: [] });
			}
		});
	} catch (error) {
		runner.skipFailed(`n8n ${major}: stop suite set-up`, error.stack ?? error.message);
	} finally {
		await n8n?.stop();
		await emulator?.stop();
		if (!process.env.E2E_KEEP_WORK) fs.rmSync(work, { recursive: true, force: true });
	}
}

module.exports = { runStopSuite };

if (require.main === module) {
	const { Runner } = require('./lib/runner');
	const argv = process.argv.slice(2);
	const arg = (flag) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
	const majors = (arg('--n8n') ?? 'all') === 'all' ? ['1', '2'] : [arg('--n8n')];
	void (async () => {
		const runner = new Runner();
		const tarball = arg('--tarball') ? path.resolve(arg('--tarball')) : packPackage();
		for (const major of majors) await runStopSuite(major, { runner, tarball });
		console.log(`${runner.passed} passed, ${runner.failed} failed`);
		process.exit(runner.failed === 0 && runner.passed > 0 ? 0 : 1);
	})();
}

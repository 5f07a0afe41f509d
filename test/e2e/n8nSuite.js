/**
 * The e2e tests against one real n8n (1.x or 2.x): the packed package installed as a community
 * package, the credential and workflows imported with n8n's CLI, one workflow run with
 * `n8n execute`, the others through webhooks of a started n8n, all against the emulator.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureN8n } = require('../../scripts/n8n/install');
const { createUserFolder, freePort, n8nEnv, runCli, runCliOrThrow, startN8n } = require('../../scripts/n8n/instance');
const { N8nRest } = require('../../scripts/n8n/rest');
const { request } = require('../../scripts/n8n/http');
const { startEmulatorProcess } = require('../../scripts/services/emulator');
const { runExamplesSuite, unknownNodeTypes } = require('./examplesSuite');
const { runSyncSuite } = require('./syncSuite');
const { prepareSyncExamples, runSyncExamples } = require('./syncExamples');
const { parseRawOutput, nodeOutput, lastExecutionError } = require('./lib/n8nOutput');
const W = require('./workflows');

const API_KEY = 'e2e-key-5b8d1f0c'; // must never show up in anything n8n prints or returns

const IMPORT_PATH = '/v1/database/import/records';
/** The server fails the second import request with an internal error (code 50000, not retried or split);
 * the emulator answers a fault before reading the body, so its log has no record count for it. */
const failSecondImport = { faults: [{ kind: 'code50000', requests: [2], path: IMPORT_PATH }] };

const requestShape = (imports) => imports.map((r) => [r.recordCount, r.code, r.knownKey]);

/** The output items' taskId/batch agree with the requests the emulator logged. */
function assertTaskIds(output, imports) {
	for (const [index, item] of output.entries()) {
		if (item.error) continue;
		assert.equal(item.taskId, imports[item.batch - 1]?.taskId, `item ${index}: task id of batch ${item.batch}`);
	}
}

async function postWebhook(url, webhookPath) {
	const { status, text } = await request(`${url}/webhook/${webhookPath}`, { method: 'POST', timeoutMs: 120000 });
	return { status, text, json: text.startsWith('[') || text.startsWith('{') ? JSON.parse(text) : undefined };
}

/**
 * Runs every test for one n8n major version; `editor` (optional) adds the browser tests of the running instance.
 * Returns nothing: results go to `runner`. Cleans up every process it started.
 */
async function runN8nSuite(major, { runner, tarball, editor }) {
	const t = (name, fn) => runner.test(`n8n ${major}: ${name}`, fn);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), `altatech-e2e-${major}-`));
	const seen = []; // everything n8n gave back, checked for the API key at the end
	let emulator;
	let n8n;
	try {
		const started = Date.now();
		const install = ensureN8n(major);
		const nodeFrom = install.nodeBin === process.execPath ? `this Node ${process.version}` : path.relative(process.cwd(), install.nodeBin);
		console.log(`  n8n ${install.version} (under ${nodeFrom}) ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
		emulator = await startEmulatorProcess({ apiKeys: [API_KEY], tables: W.EMULATOR_TABLES }, work);
		const userFolder = createUserFolder(tarball, work);
		const env = n8nEnv(install, userFolder, { port: await freePort(), brokerPort: await freePort() });
		const workflows = W.e2eWorkflows();

		await t("imports the credential and the workflows with n8n's CLI", async () => {
			fs.writeFileSync(path.join(work, 'credentials.json'), JSON.stringify(W.credentialFile(API_KEY, emulator.url)));
			// The files hold the key in plain text; they live in `work`, removed at the end.
			fs.mkdirSync(path.join(work, 'workflows'));
			for (const [key, workflow] of Object.entries(workflows)) fs.writeFileSync(path.join(work, 'workflows', `${key}.json`), JSON.stringify(workflow));
			seen.push(runCliOrThrow(install, env, ['import:credentials', `--input=${path.join(work, 'credentials.json')}`]).stdout);
			seen.push(runCliOrThrow(install, env, ['import:workflow', '--separate', `--input=${path.join(work, 'workflows')}`]).stdout);
		});

		await t('`n8n execute --id --rawOutput` runs a Manual Trigger workflow: 1,200 rows in 2 requests', async () => {
			await emulator.reset();
			const cli = runCli(install, { ...env, N8N_LOG_LEVEL: 'info' }, ['execute', `--id=${workflows.cliManual.id}`, '--rawOutput']);
			seen.push(cli.stdout, cli.stderr);
			assert.equal(cli.status, 0, `n8n execute exit code; stderr: ${cli.stderr.slice(-1500)}`);
			const output = nodeOutput(parseRawOutput(cli.stdout), 'AltaTech');
			const imports = await emulator.imports();
			assert.deepEqual(requestShape(imports), [[1000, 0, true], [200, 0, true]]);
			assert.deepEqual(await emulator.rows('tbl_cli'), W.products(1200));
			assert.equal(output.length, 1200);
			assert.deepEqual([output[0].taskId, output[0].batch, output[0].values], [imports[0].taskId, 1, W.products(1)[0]]);
			assertTaskIds(output, imports);
		});

		const credentialFor = (id, name) => {
			const file = path.join(work, `credential-${id}.json`);
			fs.writeFileSync(file, JSON.stringify(W.credentialFile(API_KEY, emulator.url, { id, name })));
			return file;
		};
		// Before `n8n start`: `n8n execute` runs its own task broker, on the port the server would use.
		await runExamplesSuite({ t, install, env, work, emulator, credentialFor, seen });
		const syncExamples = await prepareSyncExamples({ t, install, env, work, credentialFor, seen });

		n8n = await startN8n(install, env);
		const rest = new N8nRest(n8n.url);
		await t('the started n8n loads the package (node and credential types listed) and knows every node of examples/', async () => {
			await rest.ownerSession();
			const nodeTypes = await rest.types('nodes.json');
			const credentialTypes = await rest.types('credentials.json');
			const node = nodeTypes.find((n) => n.name === W.NODE_TYPE);
			assert.ok(node, `${W.NODE_TYPE} is not among ${nodeTypes.length} node types`);
			assert.equal(node.displayName, 'AltaTech');
			assert.ok(credentialTypes.some((c) => c.name === 'altaTechApi'), 'altaTechApi credential type missing');
			assert.deepEqual(unknownNodeTypes(nodeTypes), [], 'node types of examples/ that this n8n does not know');
			for (const key of ['rows2500', 'manualMapping', 'continueOnFail', 'stopOnFail']) await rest.activateWorkflow(workflows[key].id, major);
		});

		await t('webhook workflow: 2,500 rows from a Code node go in three requests (1000, 1000, 500)', async () => {
			await emulator.reset();
			const response = await postWebhook(n8n.url, 'e2e-rows-2500');
			seen.push(response.text);
			assert.equal(response.status, 200, response.text.slice(0, 500));
			const imports = await emulator.imports();
			assert.deepEqual(requestShape(imports), [[1000, 0, true], [1000, 0, true], [500, 0, true]]);
			assert.deepEqual(await emulator.rows('tbl_free'), W.products(2500));
			assert.equal(response.json.length, 2500);
			assert.deepEqual(response.json.map((o) => o.batch).filter((b, i, all) => b !== all[i - 1]), [1, 2, 3]);
			assert.deepEqual(response.json[2499].values, W.products(2500)[2499]);
			assertTaskIds(response.json, imports);
		});

		await t('manual mapping: expressions per column, flat records, batch size 1', async () => {
			await emulator.reset();
			const response = await postWebhook(n8n.url, 'e2e-manual-mapping');
			seen.push(response.text);
			assert.equal(response.status, 200, response.text.slice(0, 500));
			const expected = [
				{ email: 'ada@example.com', full_name: 'Ada Lovelace', visits: 12 },
				{ email: 'alan@example.com', full_name: 'Alan Turing', visits: 7 },
			];
			assert.deepEqual(await emulator.rows('tbl_contacts'), expected);
			assert.deepEqual(requestShape(await emulator.imports()), [[1, 0, true], [1, 0, true]]);
			assert.deepEqual(response.json.map((o) => [o.batch, o.values]), [[1, expected[0]], [2, expected[1]]]);
		});

		await t('Continue On Fail: a failed request becomes 1,000 error items, the other two still go', async () => {
			await emulator.reset();
			await emulator.configure(failSecondImport);
			const response = await postWebhook(n8n.url, 'e2e-continue-on-fail');
			await emulator.configure({ faults: [] });
			seen.push(response.text);
			assert.equal(response.status, 200, response.text.slice(0, 500));
			const imports = await emulator.imports();
			assert.deepEqual(requestShape(imports), [[1000, 0, true], [null, 50000, true], [500, 0, true]]);
			const items = W.people(2500);
			assert.deepEqual(await emulator.rows('tbl_unique'), [...items.slice(0, 1000), ...items.slice(2000)]);
			assert.equal(response.json.length, 2500);
			const errors = response.json.map((o, i) => [i, o.error]).filter(([, error]) => error);
			assert.deepEqual(errors.map(([i]) => i), [...Array(1000).keys()].map((i) => i + 1000));
			assert.match(errors[0][1], /^Item 1000: AltaTech had an internal error/);
			assertTaskIds(response.json, imports);
		});

		await t('stop on error: the workflow fails at request 2, earlier rows stay, the execution says why', async () => {
			await emulator.reset();
			await emulator.configure(failSecondImport);
			const response = await postWebhook(n8n.url, 'e2e-stop-on-fail');
			await emulator.configure({ faults: [] });
			seen.push(response.text);
			assert.equal(response.status, 500, response.text.slice(0, 500));
			assert.deepEqual(requestShape(await emulator.imports()), [[1000, 0, true], [null, 50000, true]]);
			assert.deepEqual(await emulator.rows('tbl_unique'), W.people(1000));
			const error = await lastExecutionError(rest, workflows.stopOnFail.id, install);
			seen.push(JSON.stringify(error));
			assert.match(error.message, /internal error.*\(table "tbl_unique", request 2, items 1000 to 1999\)/);
		});

		const credential = (data) => ({ id: W.CREDENTIAL.id, name: W.CREDENTIAL.name, type: 'altaTechApi', data });
		await t('credential test passes for the working key, fails for a rejected one (HTTP 401, or HTTP 200 with 40127/40107/40113) and for plain http to another host', async () => {
			await emulator.reset();
			const good = await rest.testCredential(credential({ apiKey: API_KEY, baseUrl: emulator.url }));
			assert.equal(good.status, 'OK', JSON.stringify(good));
			const calls = await emulator.requests();
			assert.ok(calls.length > 0 && calls.every((call) => call.knownKey && call.status === 200), 'the test asked the API with the key');
			const rejected = await rest.testCredential(credential({ apiKey: 'wrong-key', baseUrl: emulator.url }));
			assert.equal(rejected.status, 'Error', JSON.stringify(rejected));
			// HTTP 401: our words where n8n reads the status rule, n8n's own where it does not (1.x).
			assert.match(rejected.message, /^(The API key was refused|Authorization failed)/);
			seen.push(JSON.stringify(rejected));
			console.log(`       n8n ${major}: the credential test of a key refused with HTTP 401 says "${rejected.message}"`);
			// The same refusals as HTTP 200 + an error envelope, and a working key still passing then.
			await emulator.configure({ errorStyle: 'body', refusedKeys: { 'expired-key': 40107, 'other-agent-key': 40113 } });
			try {
				for (const apiKey of ['wrong-key', 'expired-key', 'other-agent-key']) {
					const refused = await rest.testCredential(credential({ apiKey, baseUrl: emulator.url }));
					assert.equal(refused.status, 'Error', `${apiKey}: ${JSON.stringify(refused)}`);
					assert.match(refused.message, /^The API key was refused/);
				}
				assert.equal((await rest.testCredential(credential({ apiKey: API_KEY, baseUrl: emulator.url }))).status, 'OK');
				const codes = (await emulator.requests()).slice(-4).map((call) => [call.status, call.code]);
				assert.deepEqual(codes, [[200, 40127], [200, 40107], [200, 40113], [200, 0]]);
				// The agent's detail without the envelope, as other published pages show it.
				await emulator.configure({ shape: 'alternate' });
				assert.equal((await rest.testCredential(credential({ apiKey: API_KEY, baseUrl: emulator.url }))).status, 'OK');
			} finally {
				await emulator.configure({ errorStyle: 'http', refusedKeys: {}, shape: 'documented' });
			}
			const insecure = await rest.testCredential(credential({ apiKey: API_KEY, baseUrl: 'http://altatech.example' }));
			seen.push(JSON.stringify(insecure));
			assert.equal(insecure.status, 'Error', JSON.stringify(insecure));
		});

		await runSyncSuite({ t, n8n, rest, major, emulator, workflows, seen });
		await runSyncExamples({ ...syncExamples, t, rest, major, install, emulator, seen });

		if (editor) await editor({ t, n8n, major, emulator, apiKey: API_KEY });

		await t("the API key appears in no output, response or n8n's log", async () => {
			const everything = [...seen, fs.readFileSync(n8n.logFile, 'utf8')].join('\n');
			assert.ok(everything.length > 10000, 'collected too little to be a meaningful check');
			assert.equal(everything.includes(API_KEY), false, 'the API key was found in n8n output');
		});
	} catch (error) {
		runner.skipFailed(`n8n ${major}: set-up`, error.stack ?? error.message);
	} finally {
		await n8n?.stop();
		await emulator?.stop();
		if (!process.env.E2E_KEEP_WORK) fs.rmSync(work, { recursive: true, force: true });
	}
}

module.exports = { runN8nSuite, API_KEY };

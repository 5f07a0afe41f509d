/**
 * The examples of keeping a table in sync (examples/google-sheets-sync-to-altatech.json and
 * crm-deleted-contacts-to-altatech.json), run as a person runs them from the editor ("Execute
 * workflow", n8n's manual run over its REST API): pinned sample rows stand in for Google Sheets
 * (`n8n execute` ignores pinned data, a manual run uses it) and a small server on 127.0.0.1 for
 * the CRM. Copies are imported with the table picked and the CRM's URL pointed at that server.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { runCliOrThrow, PACKAGE } = require('../../scripts/n8n/instance');
const { ROOT } = require('../../scripts/n8n/install');
const { SHEET_TABLE, CRM_TABLE, crmContacts } = require('./syncWorkflows');

const EXAMPLES = path.join(ROOT, 'examples');
const SHEETS = { file: 'google-sheets-sync-to-altatech.json', id: 'e2eSheetsUpsert1', trigger: 'Every hour', node: 'Create or update products' };
const CRM = { file: 'crm-deleted-contacts-to-altatech.json', id: 'e2eCrmDelete0001', trigger: 'Every night', node: 'Delete removed contacts' };

/** What the CRM answers: two contacts deleted there, one of them never synced to the table. */
const DELETED = { contacts: [{ id: 7, email: 'Grace@Example.com', deleted_at: '2026-12-01T10:00:00Z' }, { id: 9, email: 'linus@example.com', deleted_at: '2026-12-02T08:30:00Z' }, { id: 12, email: 'never.synced@example.com', deleted_at: '2026-12-02T09:00:00Z' }] };

function startCrmServer() {
	const requests = [];
	const server = http.createServer((req, res) => {
		requests.push(req.url);
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify(DELETED));
	});
	server.unref(); // never what keeps the suite's process alive
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, requests, url: `http://127.0.0.1:${server.address().port}` })));
}

function copyOf(file, id, change) {
	const workflow = structuredClone(JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')));
	workflow.id = id;
	workflow.name = `E2E copy of ${workflow.name}`;
	change(workflow.nodes);
	return workflow;
}

const pickTable = (nodes, tableId, cachedResultName) => {
	nodes.find((n) => n.type === `${PACKAGE}.altaTech`).parameters.tableId = { __rl: true, mode: 'list', value: tableId, cachedResultName };
};

/** Before `n8n start`: imports the copies (and the examples' credential) with n8n's CLI. */
async function prepareSyncExamples({ t, install, env, work, credentialFor, seen }) {
	const crm = await startCrmServer();
	await t('examples (sync): copies of the Google Sheets and CRM examples import, their table picked and the CRM pointed at a local server', async () => {
		const sheets = copyOf(SHEETS.file, SHEETS.id, (nodes) => pickTable(nodes, SHEET_TABLE.id, SHEET_TABLE.name));
		const crmCopy = copyOf(CRM.file, CRM.id, (nodes) => {
			pickTable(nodes, CRM_TABLE.id, CRM_TABLE.name);
			nodes.find((n) => n.type === 'n8n-nodes-base.httpRequest').parameters.url = `${crm.url}/api/v1/contacts?status=deleted`;
		});
		const { id, name } = sheets.nodes.find((n) => n.type === `${PACKAGE}.altaTech`).credentials.altaTechApi;
		runCliOrThrow(install, env, ['import:credentials', `--input=${credentialFor(id, name)}`]);
		const dir = path.join(work, 'sync-examples');
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, 'sheets.json'), JSON.stringify(sheets));
		fs.writeFileSync(path.join(dir, 'crm.json'), JSON.stringify(crmCopy));
		seen.push(runCliOrThrow(install, env, ['import:workflow', '--separate', `--input=${dir}`]).stdout);
	});
	return { crm };
}

/** "Execute workflow" from the trigger, as the editor asks for it; waits for the run and returns its data. */
async function runManually(rest, major, install, workflowId, triggerName) {
	const body = { triggerToStartFrom: { name: triggerName } };
	if (String(major) === '1') body.workflowData = await rest.getWorkflow(workflowId);
	const started = await rest.call('POST', `/workflows/${workflowId}/run`, body);
	assert.ok(started?.executionId, `no execution started: ${JSON.stringify(started)}`);
	const flatted = require(require.resolve('flatted', { paths: [path.join(install.dir, 'node_modules', 'n8n')] }));
	for (const deadline = Date.now() + 120000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) {
		const execution = await rest.call('GET', `/executions/${started.executionId}`);
		if (!execution?.finished && !execution?.stoppedAt) continue;
		const data = typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
		const text = typeof execution.data === 'string' ? execution.data : JSON.stringify(execution.data);
		if (!data?.resultData) continue; // n8n marks a run finished before it stores its data
		return { status: execution.status, data, text };
	}
	throw new Error(`execution ${started.executionId} of ${workflowId} did not finish with its run data in 120 s`);
}

function outputOf({ status, data }, nodeName) {
	const error = data.resultData.error;
	assert.equal(error, undefined, `the run failed (${status}): ${error?.message} ${error?.description ?? ''}`);
	const taskData = data.resultData.runData[nodeName];
	assert.ok(taskData, `${nodeName} did not run`);
	return taskData[0].data.main[0].map((item) => item.json);
}

/** On the started n8n: runs both copies against the emulator, checked on its store. */
async function runSyncExamples({ t, rest, major, install, emulator, crm, seen }) {
	try {
		await t('examples (sync): the scheduled Google Sheets workflow, run from the editor on its pinned rows, updates a stored product and creates the new ones (twice: nothing changes)', async () => {
			await emulator.reset();
			const before = await emulator.rows(SHEET_TABLE.id);
			for (let run = 1; run <= 2; run++) {
				const execution = await runManually(rest, major, install, SHEETS.id, SHEETS.trigger);
				seen.push(execution.text);
				const output = outputOf(execution, SHEETS.node);
				assert.deepEqual(output.map((item) => item.matched), [{ sku: 'SKU-1001' }, { sku: 'SKU-1002' }, { sku: 'SKU-1003' }], `run ${run}`);
				assert.deepEqual(await emulator.rows(SHEET_TABLE.id), [
					{ sku: 'SKU-1001', name: 'Desk lamp', price: 24.9, stock: 12 },
					before[1],
					{ sku: 'SKU-1002', name: 'Office chair', price: 149, stock: 4 },
					{ sku: 'SKU-1003', name: 'Standing desk', price: 399.5, stock: 0 },
				], `run ${run}: row_number is not sent, SKU-1001 updated in place`);
			}
			const updates = (await emulator.requests()).filter((r) => r.path === '/v2/database/update/record');
			assert.deepEqual(updates.map((r) => [r.recordCount, r.status, r.tableId]), [[3, 200, SHEET_TABLE.id], [3, 200, SHEET_TABLE.id]]);
		});

		await t('examples (sync): the nightly CRM workflow deletes the contacts the CRM reports deleted (matched on email, lower-cased) and nothing else', async () => {
			await emulator.reset();
			crm.requests.length = 0;
			const execution = await runManually(rest, major, install, CRM.id, CRM.trigger);
			seen.push(execution.text);
			const output = outputOf(execution, CRM.node);
			assert.deepEqual(crm.requests, ['/api/v1/contacts?status=deleted']);
			assert.deepEqual(output.map((item) => item.matched), DELETED.contacts.map((c) => ({ email: c.email.toLowerCase() })));
			assert.deepEqual(await emulator.rows(CRM_TABLE.id), crmContacts().filter((c) => !['grace@example.com', 'linus@example.com'].includes(c.email)));
			const deletes = (await emulator.requests()).filter((r) => r.path === '/v2/database/delete/record');
			assert.deepEqual(deletes.map((r) => [r.recordCount, r.status]), [[3, 200]]);
		});
	} finally {
		crm.server.close();
	}
}

module.exports = { prepareSyncExamples, runSyncExamples };

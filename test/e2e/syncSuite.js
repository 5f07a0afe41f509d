/**
 * The e2e tests of the operations that keep a table in sync, on a started n8n with the package
 * installed: each workflow of syncWorkflows.js through its webhook, checked against what the
 * emulator stored and logged and against the items n8n answers with; and the table picker's list
 * as the editor asks n8n for it.
 */
const assert = require('node:assert/strict');
const { request } = require('../../scripts/n8n/http');
const { NODE_TYPE, CREDENTIAL } = require('./workflows');
const { catalog, team, directory } = require('./syncWorkflows');

const UPDATE = '/v2/database/update/record';
const DELETE = '/v2/database/delete/record';
const PAGE = '/v1/database/records/page';
const RECORD_ID = /^\d{18}$/;

const sortById = (rows) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

/**
 * Runs the sync tests; `workflows` are the imported ones (e2eWorkflows()), activated here.
 * `seen` collects everything n8n answered, for the suite's check that the key never shows.
 */
async function runSyncSuite({ t, n8n, rest, major, emulator, workflows, seen }) {
	async function post(webhookPath, body) {
		const response = await request(`${n8n.url}/webhook/${webhookPath}`, { method: 'POST', body, timeoutMs: 120000 });
		seen.push(response.text);
		assert.equal(response.status, 200, `${webhookPath}: HTTP ${response.status} ${response.text.slice(0, 800)}`);
		const json = JSON.parse(response.text);
		return Array.isArray(json) ? json : [json];
	}
	const logged = async (path) => (await emulator.requests()).filter((r) => r.path === path);
	// The status, not the code: the update endpoint's reply is bare, without a code, in one of its shapes.
	const counts = async (path) => (await logged(path)).map((r) => [r.recordCount, r.status]);

	await t('sync: the workflows of the sync operations activate (versions 1 and 1.1 of the node)', async () => {
		for (const key of Object.keys(workflows).filter((k) => k.startsWith('sync'))) await rest.activateWorkflow(workflows[key].id, major);
	});

	await t('sync: Create or Update (version 1.1, table from the list) twice: the second run updates stored rows and adds new ones, 100 per request', async () => {
		await emulator.reset();
		const first = await post('e2e-sync-upsert', { count: 150 });
		assert.deepEqual(await counts(UPDATE), [[100, 200], [50, 200]]);
		assert.deepEqual(await emulator.rows('tbl_catalog'), catalog(150));
		assert.equal(first.length, 150);
		assert.deepEqual(first[149], { matched: { sku: 'C-00150' }, values: catalog(150)[149] });

		const second = await post('e2e-sync-upsert', { count: 250, edition: 'v2' });
		assert.deepEqual(await counts(UPDATE), [[100, 200], [50, 200], [100, 200], [100, 200], [50, 200]]);
		const stored = await emulator.rows('tbl_catalog');
		assert.deepEqual(stored, catalog(250, 'v2'), 'updated rows keep their place, new ones follow');
		assert.equal(stored[1].name, 'Item 2 v2');
		assert.equal(stored[2].name, 'Item 3');
		assert.equal(second.length, 250);
		assert.deepEqual(second[1], { matched: { sku: 'C-00002' }, values: catalog(250, 'v2')[1] });
		assert.deepEqual(second[249], { matched: { sku: 'C-00250' }, values: catalog(250, 'v2')[249] });
		assert.ok(second.every((item) => !item.error), 'no error items');
	});

	await t('sync: Update by a unique column (a version 1 node, text Table ID): stored records change, an unknown one is an error item and is not created', async () => {
		await emulator.reset();
		const rows = [{ id: 'm1', team: 'green' }, { id: 'nobody', team: 'green' }, { id: 'm4', team: 'green' }];
		const output = await post('e2e-sync-update-column', { rows });
		assert.deepEqual(await counts(UPDATE), [[3, 200]]);
		const expected = team(12).map((row) => (['m1', 'm4'].includes(row.id) ? { ...row, team: 'green' } : row));
		assert.deepEqual(await emulator.rows('tbl_team'), expected);
		assert.equal(output.length, 3);
		assert.deepEqual(output[0], { matched: { id: 'm1' }, values: { id: 'm1', team: 'green' } });
		assert.deepEqual(output[2], { matched: { id: 'm4' }, values: { id: 'm4', team: 'green' } });
		assert.equal(output[1].errorRule, 'rejected', JSON.stringify(output[1]));
		assert.equal(output[1].errorItemIndex, 1);
		assert.equal(output[1].id, 'nobody', "an error item keeps the input's fields");
	});

	await t('sync: Update by record ID: Get Many finds the record (filter on a unique column), Update writes it by the id it gives', async () => {
		await emulator.reset();
		const output = await post('e2e-sync-update-id', { id: 'm7', name: 'Renamed' });
		const [update, ...more] = await logged(UPDATE);
		assert.deepEqual([update.recordCount, update.status, update.tableId, more.length], [1, 200, 'tbl_team', 0]);
		assert.deepEqual(await emulator.rows('tbl_team'), team(12).map((row) => (row.id === 'm7' ? { ...row, name: 'Renamed' } : row)));
		assert.equal(output.length, 1);
		assert.match(output[0].recordId, RECORD_ID);
		assert.deepEqual(output[0].values, { name: 'Renamed' });
	});

	await t('sync: Delete by a unique column (a version 1 node) removes exactly the records named, in one request', async () => {
		await emulator.reset();
		const output = await post('e2e-sync-delete-column', { rows: [{ id: 'm0' }, { id: 'm5' }] });
		assert.deepEqual(await counts(DELETE), [[2, 200]]);
		assert.deepEqual(await emulator.rows('tbl_team'), team(12).filter((row) => !['m0', 'm5'].includes(row.id)));
		assert.deepEqual(output, [
			{ matched: { id: 'm0' }, deleted: true },
			{ matched: { id: 'm5' }, deleted: true },
		]);
	});

	await t('sync: Delete by record ID: the records a keyword search finds (version 1.1, table from the list) are deleted by their ids', async () => {
		await emulator.reset();
		const output = await post('e2e-sync-delete-id', { keyword: 'Member 1' });
		assert.deepEqual(await counts(DELETE), [[3, 200]]);
		const gone = ['m1', 'm10', 'm11'];
		assert.deepEqual(await emulator.rows('tbl_team'), team(12).filter((row) => !gone.includes(row.id)));
		assert.equal(output.length, 3);
		assert.ok(output.every((item) => RECORD_ID.test(item.recordId) && item.deleted === true), JSON.stringify(output));
		assert.equal(new Set(output.map((item) => item.recordId)).size, 3);
	});

	await t('sync: Get Many (table by ID): every record over three pages, a limit, a filter on a unique column, a keyword', async () => {
		await emulator.reset();
		const all = await post('e2e-sync-get-many', { returnAll: true });
		assert.deepEqual(await counts(PAGE), [[100, 200], [100, 200], [30, 200]]);
		assert.equal(all.length, 230);
		const values = all.map(({ recordId, createdAt, updatedAt, ...rest }) => rest);
		assert.deepEqual(values, directory(230));
		assert.ok(all.every((item) => RECORD_ID.test(item.recordId)), 'each record has its id');
		assert.ok(!Number.isNaN(Date.parse(all[0].createdAt)), `createdAt ${all[0].createdAt}`);
		assert.equal(new Set(all.map((item) => item.recordId)).size, 230);

		await emulator.reset({ keepTables: true });
		const limited = await post('e2e-sync-get-many', { returnAll: false, limit: 120 });
		assert.deepEqual(limited.map((item) => item.id), directory(120).map((row) => row.id));
		assert.deepEqual(await counts(PAGE), [[100, 200], [100, 200]]);

		const filtered = await post('e2e-sync-get-many', { returnAll: true, filterColumn: 'id', filterValue: 'd42' });
		assert.deepEqual(filtered.map(({ id, name }) => ({ id, name })), [{ id: 'd42', name: 'Entry 42' }]);

		const searched = await post('e2e-sync-get-many', { returnAll: true, keyword: 'Entry 22' });
		assert.deepEqual(sortById(searched).map((item) => item.id), ['d22', ...Array.from({ length: 10 }, (_, i) => `d22${i}`)]);
		assert.deepEqual(await emulator.rows('tbl_directory'), directory(230), 'reading changes nothing');
	});

	await t("sync: the table picker (version 1.1, From List) lists the agent's tables through n8n, filtered by the search text", async () => {
		const ask = (filter) =>
			rest.call('POST', '/dynamic-node-parameters/resource-locator-results', {
				path: 'parameters.tableId',
				methodName: 'searchTables',
				nodeTypeAndVersion: { name: NODE_TYPE, version: 1.1 },
				currentNodeParameters: { resource: 'tableData', operation: 'upsert', tableId: { __rl: true, mode: 'list', value: '' } },
				credentials: { altaTechApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
				...(filter === undefined ? {} : { filter }),
			});
		await emulator.reset();
		const all = await ask();
		seen.push(JSON.stringify(all));
		const values = all.results.map((result) => result.value);
		for (const id of ['tbl_catalog', 'tbl_team', 'tbl_directory']) assert.ok(values.includes(id), `${id} not among ${values.join(', ')}`);
		const found = await ask('direct');
		assert.deepEqual(found.results, [{ name: 'directory (230 records)', value: 'tbl_directory' }]);
		assert.ok((await emulator.requests()).some((r) => r.path === '/v1/database/tables/page' && r.knownKey), 'the list came from the API with the key');
	});
}

module.exports = { runSyncSuite };

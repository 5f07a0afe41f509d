import { API_KEY, autoMapParameters, people, run, useTestEmulator } from './setup';

const emulator = useTestEmulator();

const UPDATE = '/v2/database/update/record';
const DELETE = '/v2/database/delete/record';
const sent = (path: string) => emulator.requests.filter((r) => r.path === path);
const ids = (tableId: string) => emulator.rows(tableId).map((row) => String(row.id)).sort();
const byId = (tableId: string) => new Map(emulator.rows(tableId).map((row) => [String(row.id), row]));

/** The Columns mapper mapping automatically, matching on `id`. */
const upsertParameters = (options: Record<string, unknown> = {}, tableId: unknown = 'tbl_unique') => ({
	resource: 'tableData',
	operation: 'upsert',
	tableId,
	columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['id'], schema: [] },
	options,
});

async function seed(items: Array<Record<string, unknown>>) {
	const result = await run(emulator, items, upsertParameters());
	expect(result.error).toBeUndefined();
}

describe.each(['documented', 'alternate'])('keeping a table in sync (%s reply shapes)', (shape) => {
	beforeEach(() => {
		emulator.reset();
		emulator.configure({ faults: [], shape, randomMessages: 7 });
	});

	it('Create or Update adds new records and updates stored ones, 100 per request', async () => {
		await seed(people(150));
		expect(sent(UPDATE).map((r) => r.recordCount)).toEqual([100, 50]);
		const changed = people(250).map((p, i) => (i % 2 ? { ...p, name: `${p.name} v2` } : p));
		const result = await run(emulator, changed, upsertParameters());
		expect(result.error).toBeUndefined();
		expect(ids('tbl_unique')).toEqual(people(250).map((p) => p.id).sort());
		expect(byId('tbl_unique').get('p1')?.name).toBe('Person 1 v2');
		expect(byId('tbl_unique').get('p2')?.name).toBe('Person 2');
		expect(result.output).toHaveLength(250);
		expect(result.output[1].json).toEqual({ matched: { id: 'p1' }, values: { id: 'p1', name: 'Person 1 v2' } });
		// The output never shares objects with the input.
		expect(result.output[0].json.values).not.toBe(changed[0]);
	});

	it('an item without a match value, or repeating one, is an error; the others go', async () => {
		const items = [{ id: 'a', name: 'A' }, { name: 'no id' }, { id: 'a', name: 'again' }, { id: 'b', name: 'B' }];
		const result = await run(emulator, items, upsertParameters({ onInvalidRecord: 'skip' }), { onError: 'continueRegularOutput' });
		expect(ids('tbl_unique')).toEqual(['a', 'b']);
		expect(result.output.map((o) => o.json.errorRule ?? 'ok')).toEqual(['ok', 'matchValue', 'matchRepeat', 'ok']);
		expect(result.output[2].json).toMatchObject({ id: 'a', name: 'again', errorItemIndex: 2, errorField: 'id' });
	});

	it('an invalid item stops Create or Update before anything is sent, in words for a write matched by its unique value', async () => {
		const result = await run(emulator, [{ id: 'a', name: 'A' }, { name: 'no id' }], upsertParameters());
		expect(sent(UPDATE)).toHaveLength(0);
		expect(result.error?.message).toMatch(/^Item 1, field "id": /);
		expect(result.error?.description).toMatch(/^Nothing was written\. Fix the input, .* to write the valid items/);
	});

	it("fields the table does not have (a sheet's row_number) fail the item, or are left out when told to", async () => {
		const rows = [{ id: 'a', name: 'A', row_number: 2 }];
		const failed = await run(emulator, rows, upsertParameters({ onInvalidRecord: 'skip' }), { onError: 'continueRegularOutput' });
		expect(failed.output[0].json).toMatchObject({ errorRule: 'unknownField', errorField: 'row_number' });
		const ignored = await run(emulator, rows, upsertParameters({ unknownFields: 'ignore' }));
		expect(ignored.error).toBeUndefined();
		expect(ignored.output[0].json).toEqual({ matched: { id: 'a' }, values: { id: 'a', name: 'A' }, ignoredFields: ['row_number'] });
		expect(byId('tbl_unique').get('a')).toMatchObject({ id: 'a', name: 'A' });
		expect(byId('tbl_unique').get('a')).not.toHaveProperty('row_number');
	});

	it('a column to match on that is not unique stops the node before anything is sent', async () => {
		const parameters = { ...upsertParameters(), columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['name'], schema: [] } };
		const result = await run(emulator, people(2), parameters);
		expect(result.error?.message).toMatch(/"name" is not unique/);
		expect(sent(UPDATE)).toHaveLength(0);
	});

	it.each(['continueRegularOutput', 'continueErrorOutput'] as const)('with %s, a column to match on that is not unique makes every item an error item, not a silent pass-through', async (onError) => {
		const parameters = { ...upsertParameters(), columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['name'], schema: [] } };
		const result = await run(emulator, people(2), parameters, { onError });
		expect(result.error).toBeUndefined();
		expect(sent(UPDATE)).toHaveLength(0);
		const failed = onError === 'continueErrorOutput' ? result.errorOutput : result.output;
		expect(failed.map((o) => [o.pairedItem?.item, o.json.error])).toEqual([0, 1].map((i) => [i, expect.stringMatching(/^Item \d, field "name": Cannot match records in table "tbl_unique": the column "name" is not unique/)]));
		if (onError === 'continueRegularOutput') expect(failed[1].json).toMatchObject({ ...people(2)[1], errorRule: 'table', errorField: 'name', errorItemIndex: 1 });
		else expect(result.output).toEqual([]);
	});

	it('Update changes stored records only: a record that does not exist is an error item, never created', async () => {
		await seed(people(3));
		emulator.requests.length = 0;
		const parameters = { ...upsertParameters({ onInvalidRecord: 'skip' }), operation: 'update', matchBy: 'column' };
		const result = await run(emulator, [{ id: 'p1', name: 'New' }, { id: 'nobody', name: 'X' }], parameters);
		expect(ids('tbl_unique')).toEqual(['p0', 'p1', 'p2']);
		expect(byId('tbl_unique').get('p1')?.name).toBe('New');
		expect(result.output[0].json).toMatchObject({ matched: { id: 'p1' } });
		expect(result.output[1].json).toMatchObject({ errorRule: 'rejected', errorItemIndex: 1 });
	});

	it('Update by record ID writes the record each item names', async () => {
		await seed(people(2));
		const page = await run(emulator, [{}], { resource: 'tableData', operation: 'getMany', tableId: 'tbl_unique', returnAll: true, options: {} });
		const recordId = page.output.find((o) => o.json.id === 'p1')!.json.recordId as string;
		expect(recordId).toMatch(/^\d{18}$/);
		const parameters = {
			resource: 'tableData',
			operation: 'update',
			tableId: 'tbl_unique',
			matchBy: 'recordId',
			recordId: '={{ $json.rid }}',
			columns: { mappingMode: 'defineBelow', value: { name: '={{ $json.name }}' }, matchingColumns: [], schema: [] },
			options: {},
		};
		const result = await run(emulator, [{ rid: recordId, name: 'By id' }], parameters);
		expect(result.error).toBeUndefined();
		expect(byId('tbl_unique').get('p1')?.name).toBe('By id');
		expect(result.output[0].json).toEqual({ recordId, values: { name: 'By id' } });
	});

	it('Delete removes the records named by a unique column, or by ID', async () => {
		await seed(people(5));
		const byColumn = { resource: 'tableData', operation: 'delete', tableId: 'tbl_unique', deleteBy: 'column', matchColumn: 'id', matchValue: '={{ $json.id }}', options: {} };
		const result = await run(emulator, [{ id: 'p0' }, { id: 'p3' }], byColumn);
		expect(result.error).toBeUndefined();
		expect(ids('tbl_unique')).toEqual(['p1', 'p2', 'p4']);
		expect(sent(DELETE)).toHaveLength(1);
		expect(result.output.map((o) => o.json)).toEqual([
			{ matched: { id: 'p0' }, deleted: true },
			{ matched: { id: 'p3' }, deleted: true },
		]);
	});

	it('Delete by a record ID given as a number that lost digits deletes nothing, and says why', async () => {
		await seed(people(3));
		const page = await run(emulator, [{}], { resource: 'tableData', operation: 'getMany', tableId: 'tbl_unique', returnAll: true, options: {} });
		const recordIds = page.output.map((o) => o.json.recordId as string);
		emulator.requests.length = 0;
		const parameters = { resource: 'tableData', operation: 'delete', tableId: 'tbl_unique', deleteBy: 'recordId', recordId: '={{ $json.rid }}', options: { onInvalidRecord: 'skip' } };
		const result = await run(emulator, recordIds.map((rid) => ({ rid: Number(rid) })), parameters, { onError: 'continueRegularOutput' });
		expect(sent(DELETE)).toHaveLength(0);
		expect(ids('tbl_unique')).toEqual(['p0', 'p1', 'p2']);
		expect(result.output.map((o) => [o.json.errorRule, o.json.error])).toEqual(recordIds.map((_, i) => ['matchValue', expect.stringMatching(new RegExp(`^Item ${i}, field "recordId": .*give the id as text`))]));
	});

	it('Get Many reads records with their ids and times, filtered, searched or limited', async () => {
		await seed(people(230));
		const getMany = (extra: Record<string, unknown>) => run(emulator, [{}], { resource: 'tableData', operation: 'getMany', tableId: 'tbl_unique', options: {}, ...extra });
		const all = await getMany({ returnAll: true });
		expect(all.output).toHaveLength(230);
		expect(all.output[0].json).toMatchObject({ id: expect.any(String), name: expect.any(String), recordId: expect.stringMatching(/^\d{18}$/) });
		expect(Date.parse(all.output[0].json.createdAt)).not.toBeNaN();
		expect((await getMany({ returnAll: false, limit: 120 })).output).toHaveLength(120);
		const one = await getMany({ returnAll: true, options: { filterColumn: 'id', filterValue: 'p42' } });
		expect(one.output.map((o) => o.json.id)).toEqual(['p42']);
		const search = await getMany({ returnAll: true, options: { keyword: 'Person 22' } });
		expect(search.output.map((o) => o.json.id).sort()).toEqual(['p22', 'p220', 'p221', 'p222', 'p223', 'p224', 'p225', 'p226', 'p227', 'p228', 'p229']);
		// A Filter Value without its column would otherwise read every record.
		const reads = emulator.requests.length;
		const valueOnly = await getMany({ returnAll: true, options: { filterValue: 'p42' } });
		expect(valueOnly.error?.message).toBe('Filter Value is set but Filter Column is empty: choose the unique column the value must equal, or clear Filter Value');
		expect(emulator.requests.slice(reads).filter((r) => r.path === '/v1/database/records/page')).toHaveLength(0);
		// A column with a value an expression left null or blank: named by the node, not sent.
		for (const filterValue of ['={{ null }}', '={{ "  " }}']) {
			const blank = await getMany({ returnAll: true, options: { filterColumn: 'id', filterValue } });
			expect([filterValue, blank.error?.message]).toEqual([filterValue, 'Filter Value is empty: give the value column "id" must equal']);
		}
		expect(emulator.requests.slice(reads).filter((r) => r.path === '/v1/database/records/page')).toHaveLength(0);
		// With Continue On Fail: an error item with the input's fields, copied, and the item it belongs to.
		const input = [{ filter: { value: 'p42' } }, { filter: { value: 'p7' } }];
		const perItem = await run(emulator, input, { resource: 'tableData', operation: 'getMany', tableId: 'tbl_unique', returnAll: true, options: { filterValue: '={{ $itemIndex === 0 ? $json.filter.value : "" }}', filterColumn: '={{ $itemIndex === 0 ? "" : "id" }}' } }, { onError: 'continueRegularOutput' });
		expect(perItem.output[0].json).toEqual({ filter: { value: 'p42' }, error: expect.stringMatching(/^Item 0: Filter Value is set but Filter Column is empty/), errorItemIndex: 0 });
		expect(perItem.output[0].json.filter).not.toBe(input[0].filter);
	});

	it('Get Many reads Limit, Return All and Search Text from expressions as the editor would give them', async () => {
		await seed(people(30));
		const getMany = (input: object[], extra: Record<string, unknown>) =>
			run(emulator, input, { resource: 'tableData', operation: 'getMany', tableId: 'tbl_unique', returnAll: '={{ $json.all }}', limit: '={{ $json.limit }}', options: {}, ...extra }, { onError: 'continueRegularOutput' });
		const limits = await getMany([{ all: 'false', limit: '7' }, { all: false, limit: '' }, { all: false, limit: 0 }, { all: 'true', limit: 1 }, { all: false, limit: '10s' }], {});
		const perItem = [0, 1, 2, 3, 4].map((item) => limits.output.filter((o) => o.pairedItem?.item === item));
		expect(perItem.slice(0, 4).map((records) => records.length)).toEqual([7, 30, 1, 30]); // "" is the default of 50
		expect(perItem[4].map((o) => o.json.error)).toEqual([expect.stringMatching(/Limit/)]);
		const search = await getMany([{ all: true, number: 7 }], { options: { keyword: '={{ $json.number }}' } });
		expect(search.output.map((o) => o.json.id).sort()).toEqual(['p17', 'p27', 'p7']);
	});

	it('version 1.1 takes the table from the resource locator, and Add still works there', async () => {
		const table = { __rl: true, mode: 'list', value: 'tbl_unique', cachedResultName: 'people' };
		const result = await run(emulator, people(3), upsertParameters({}, table), { typeVersion: 1.1 });
		expect(result.error).toBeUndefined();
		expect(ids('tbl_unique')).toEqual(['p0', 'p1', 'p2']);
		const add = await run(emulator, people(2, 10), { resource: 'tableData', operation: 'add', tableId: { __rl: true, mode: 'id', value: 'tbl_free' }, columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] }, options: {} }, { typeVersion: 1.1 });
		expect(add.error).toBeUndefined();
		expect(emulator.rows('tbl_free')).toEqual(people(2, 10));
	});

	it('a typed import reads the table schema in this reply shape', async () => {
		const result = await run(emulator, people(3), { resource: 'tableData', operation: 'add', tableId: 'tbl_unique', columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] }, options: { waitForCompletion: true } });
		expect(result.error).toBeUndefined();
		expect(result.output.map((o) => o.json.finished)).toEqual([true, true, true]);
		expect(ids('tbl_unique')).toEqual(['p0', 'p1', 'p2']);
		expect(JSON.stringify(result.output)).not.toContain(API_KEY);
	});
});

describe('the Table picker', () => {
	const { searchTables } = require('../harness/workflow');
	const credentials = () => ({ apiKey: API_KEY, baseUrl: emulator.url });
	beforeEach(() => {
		emulator.reset();
		emulator.configure({ faults: [], shape: 'documented', unavailablePaths: [] });
	});

	it("lists the agent's tables with their record counts, and searches them", async () => {
		await seed(people(3));
		const all = await searchTables({ credentials: credentials() });
		expect(all.results).toEqual(expect.arrayContaining([{ name: 'people (3 records)', value: 'tbl_unique' }, { name: 'free (0 records)', value: 'tbl_free' }]));
		expect((await searchTables({ credentials: credentials(), filter: 'PEO' })).results.map((r: { value: string }) => r.value)).toEqual(['tbl_unique']);
	});

	it('says why when the data centre cannot list tables, pointing to By ID', async () => {
		emulator.configure({ unavailablePaths: ['/v1/database/tables/page'] });
		await expect(searchTables({ credentials: credentials() })).rejects.toThrow(/Could not list the tables: .*Choose "By ID"/);
	});
});

describe('decisions follow codes, never the wording of a server message', () => {
	beforeEach(() => {
		emulator.reset();
		emulator.configure({ faults: [], shape: 'documented', uniqueCheck: 'sync', unavailablePaths: [] });
	});
	afterAll(() => emulator.configure({ randomMessages: undefined, unavailablePaths: [] }));

	it('an endpoint the data centre does not serve (HTTP 404, code 40000) fails each request once, never its records', async () => {
		emulator.configure({ unavailablePaths: [UPDATE] });
		const result = await run(emulator, people(150), upsertParameters({ onInvalidRecord: 'skip' }), { onError: 'continueRegularOutput' });
		// One request per batch of 100: none split to find refused records.
		expect(sent(UPDATE)).toHaveLength(2);
		expect(emulator.rows('tbl_unique')).toHaveLength(0);
		expect(result.output.map((o) => o.json.errorRule)).toEqual(Array(150).fill('request'));
		expect(result.output[0].json.error).toMatch(/Base URL/);

		emulator.configure({ unavailablePaths: ['/v1/database/import/records'] });
		const add = await run(emulator, people(3), autoMapParameters('tbl_unique', { onInvalidRecord: 'skip' }));
		expect(sent('/v1/database/import/records')).toHaveLength(1);
		expect(add.error?.message).toMatch(/Base URL/);
	});

	it('an update whose reply is lost on every try says it may or may not have been written, in words that are not about imports', async () => {
		emulator.configure({ faults: [{ kind: 'gatewayTimeoutAfterImport', path: UPDATE }] });
		const result = await run(emulator, people(2), upsertParameters({ maxRetries: 2, retryDelay: 0 }), { onError: 'continueRegularOutput' });
		expect(sent(UPDATE)).toHaveLength(3); // an update is safe to send again
		expect(ids('tbl_unique')).toEqual(['p0', 'p1']); // the emulator wrote it before the gateway gave up
		expect(result.output.map((o) => o.json.errorRule)).toEqual(['outcomeUnknown', 'outcomeUnknown']);
		expect(result.output[0].json.error).toMatch(/^Item 0: A gateway .*: it may or may not have been written \(sent 3 times, the last reply lost\); check the table before running these items again$/);
		expect(result.output.map((o) => o.json.error).join('\n')).not.toMatch(/import/i);
	});

	it('a Delete answered with an empty body is not taken for done: it is sent again, and told as unknown when no answer comes', async () => {
		await seed(people(3));
		const deleteById = { resource: 'tableData', operation: 'delete', tableId: 'tbl_unique', deleteBy: 'column', matchColumn: 'id', matchValue: '={{ $json.id }}', options: { retryDelay: 0, maxRetries: 1 } };
		emulator.configure({ faults: [{ kind: 'emptyReply', path: DELETE, requests: [1] }] });
		const retried = await run(emulator, [{ id: 'p0' }], deleteById);
		expect(sent(DELETE)).toHaveLength(2);
		expect(retried.output.map((o) => o.json)).toEqual([{ matched: { id: 'p0' }, deleted: true }]);

		emulator.configure({ faults: [{ kind: 'emptyReply', path: DELETE }] });
		const unknown = await run(emulator, [{ id: 'p1' }], deleteById, { onError: 'continueRegularOutput' });
		expect(sent(DELETE)).toHaveLength(4);
		expect(ids('tbl_unique')).toEqual(['p2']);
		expect(unknown.output.map((o) => o.json.errorRule)).toEqual(['outcomeUnknown']);
	});

	it.each([1, 2, 3])('a grown sheet run again with Add under Skip, every server message reworded (seed %i): the new rows go, the stored ones are errors', async (seed) => {
		const items = people(150);
		const first = await run(emulator, items.slice(0, 100), { resource: 'tableData', operation: 'add', tableId: 'tbl_unique', columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] }, options: {} });
		expect(first.error).toBeUndefined();
		emulator.configure({ randomMessages: seed });
		const again = await run(emulator, items, { resource: 'tableData', operation: 'add', tableId: 'tbl_unique', columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] }, options: { onInvalidRecord: 'skip', batchSize: 50 } });
		expect(again.error).toBeUndefined();
		expect(ids('tbl_unique')).toEqual(items.map((p) => p.id).sort());
		expect(again.output.slice(0, 100).every((o) => /^(rejected|notIsolated)$/.test(o.json.errorRule))).toBe(true);
		expect(again.output.slice(100).every((o) => typeof o.json.taskId === 'string')).toBe(true);
	});
});

it("a dry run of Create or Update and of Delete gives each request's size as the JSON body the real run then sends", async () => {
	emulator.reset();
	emulator.configure({ faults: [] });
	const items = people(3);
	const deleteById = { resource: 'tableData', operation: 'delete', tableId: 'tbl_unique', deleteBy: 'column', matchColumn: 'id', matchValue: '={{ $json.id }}' };
	for (const [parameters, path] of [[upsertParameters(), UPDATE], [deleteById, DELETE]] as const) {
		const dry = await run(emulator, items, { ...parameters, options: { dryRun: true } });
		const real = await run(emulator, items, { ...parameters, options: {} });
		expect(real.error).toBeUndefined();
		expect(sent(path).map((r) => r.bodyBytes)).toEqual([dry.output[0].json.csvBytes]);
	}
});

import { API_KEY, autoMapParameters, imports, people, run, useTestEmulator } from './setup';

const emulator = useTestEmulator();
beforeEach(() => emulator.reset());

describe('Add Table Data: batching into requests of at most 1000', () => {
	it.each([0, 1, 999, 1000, 1001, 2500, 25000])('imports %i items, each exactly once', async (n) => {
		const items = people(n);
		const result = await run(emulator, items, autoMapParameters('tbl_free'));

		expect(result.error).toBeUndefined();
		const sent = imports(emulator);
		const expectedSizes = Array.from({ length: Math.ceil(n / 1000) }, (_, i) => Math.min(1000, n - i * 1000));
		expect(sent.map((r) => r.recordCount)).toEqual(expectedSizes);
		expect(sent.every((r) => r.status === 200 && r.code === 0 && r.apiKey === API_KEY)).toBe(true);
		expect(emulator.rows('tbl_free')).toEqual(items);

		expect(result.output).toHaveLength(n);
		result.output.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.values).toEqual(items[i]);
			expect(item.json.taskId).toBe(sent[Math.floor(i / 1000)].taskId);
		});
	});

	it('has n8n load and decrypt the credential once, not once per request', async () => {
		const result = await run(emulator, people(2500), autoMapParameters('tbl_free'));
		expect(result.error).toBeUndefined();
		expect(imports(emulator)).toHaveLength(3);
		// Every request (the schema read and the three imports) still carried the key.
		expect(emulator.requests.every((r) => r.apiKey === API_KEY)).toBe(true);
		expect(emulator.requests).toHaveLength(4);
		expect(result.credentialReads).toBe(1);
	});

	it('says over the output that accepted imports run in the background unless the node waits for them', async () => {
		const fired = await run(emulator, people(2500), autoMapParameters('tbl_free'));
		expect(fired.hints).toEqual([expect.stringMatching(/^2,500 item\(s\) were accepted for import: AltaTech imports them in the background/)]);
		const waited = await run(emulator, people(3), autoMapParameters('tbl_free', { waitForCompletion: true }));
		expect(waited.error).toBeUndefined();
		expect(waited.output[0].json.status).toBe('AVAILABLE');
		expect(waited.hints).toEqual([]);
	});

	it('follows a smaller batch size', async () => {
		const result = await run(emulator, people(25), autoMapParameters('tbl_free', { batchSize: 10 }));
		expect(result.error).toBeUndefined();
		expect(imports(emulator).map((r) => r.recordCount)).toEqual([10, 10, 5]);
		expect(emulator.rows('tbl_free')).toHaveLength(25);
	});

	it('takes a Batch Size given by an expression as text, and names a wrong one as given', async () => {
		const result = await run(emulator, people(5), autoMapParameters('tbl_free', { batchSize: '={{ "2" }}' }));
		expect(result.error).toBeUndefined();
		expect(imports(emulator).map((r) => r.recordCount)).toEqual([2, 2, 1]);
		const wrong = await run(emulator, people(5), autoMapParameters('tbl_free', { batchSize: '={{ "2.5" }}' }));
		expect(wrong.error?.message).toBe('Batch Size must be a whole number from 1 to 1000, not "2.5"');
		expect(imports(emulator)).toHaveLength(3); // the wrong one sent nothing
		expect(emulator.rows('tbl_free')).toEqual(people(5));
		const notANumber = await run(emulator, people(5), autoMapParameters('tbl_free', { batchSize: '={{ NaN }}' }));
		expect(notANumber.error?.message).toBe('Batch Size must be a whole number from 1 to 1000, not NaN');
	});

	it('takes an empty Batch Size for the default, as the other number options', async () => {
		for (const batchSize of ['', '={{ "" }}', '={{ null }}']) {
			emulator.reset();
			const result = await run(emulator, people(5), autoMapParameters('tbl_free', { batchSize }));
			expect([batchSize, result.error?.message]).toEqual([batchSize, undefined]);
			expect(imports(emulator).map((r) => r.recordCount)).toEqual([5]);
		}
	});

	it('splits large rows so every request stays under the 10 MB CSV limit', async () => {
		const items = Array.from({ length: 300 }, (_, i) => ({ id: String(i), text: `${i}:`.padEnd(60_000, 'x') }));
		const result = await run(emulator, items, autoMapParameters('tbl_free'));
		expect(result.error).toBeUndefined();
		const sent = imports(emulator);
		expect(sent.length).toBe(2);
		for (const r of sent) expect(r.csvBytes).toBeLessThanOrEqual(10 * 1024 * 1024);
		expect(sent[0].csvBytes).toBeGreaterThan(10 * 1024 * 1024 - 61_000); // filled, not split early
		expect(emulator.rows('tbl_free')).toEqual(items);
	});
});

describe('Add Table Data: mapping and values', () => {
	it('maps columns defined below, with expressions evaluated per item', async () => {
		const items = [
			{ code: 'a1', title: 'first', extra: 'ignored' },
			{ code: 'a2', title: 'second', extra: 'ignored' },
		];
		const parameters = {
			...autoMapParameters('tbl_unique'),
			columns: {
				mappingMode: 'defineBelow',
				value: { id: '={{ $json.code }}', name: '={{ $json.title.toUpperCase() }}' },
				matchingColumns: [],
				schema: [
					{ id: 'id', displayName: 'id', required: true, defaultMatch: false, display: true, type: 'string' },
					{ id: 'name', displayName: 'name', required: false, defaultMatch: false, display: true, type: 'string' },
				],
			},
		};
		const result = await run(emulator, items, parameters);
		expect(result.error).toBeUndefined();
		expect(emulator.rows('tbl_unique')).toEqual([
			{ id: 'a1', name: 'FIRST' },
			{ id: 'a2', name: 'SECOND' },
		]);
		expect(result.output.map((o) => o.json.values)).toEqual([
			{ id: 'a1', name: 'FIRST' },
			{ id: 'a2', name: 'SECOND' },
		]);
	});

	it('with Map Each Column Manually and no column mapped, says so once instead of failing every item', async () => {
		const parameters = { ...autoMapParameters('tbl_free'), columns: { mappingMode: 'defineBelow', value: null, matchingColumns: [], schema: [] } };
		const result = await run(emulator, people(3), parameters);
		expect(result.error?.message).toBe('No column is mapped: map the columns under Values to Send, or set Mapping Column Mode to Map Automatically');
		expect(result.error?.description).toMatch(/declares no columns can only be mapped automatically/);
		expect(emulator.requests).toEqual([]);
	});

	it('stores CSV-hostile text verbatim: quotes, commas, line breaks, unicode', async () => {
		const items = [
			{ id: '1', text: 'He said "hello", then left' },
			{ id: '2', text: 'line one\nline two\r\nline three' },
			{ id: '3', text: '日本語, émoji 😀, ÄÖÜ', 'a,b': 'comma in the column name' },
			{ id: '4', text: '"', quote: '""' },
			{ id: '5', text: ',,,', empty: '' },
		];
		const result = await run(emulator, items, autoMapParameters('tbl_free'));
		expect(result.error).toBeUndefined();
		expect(emulator.rows('tbl_free')).toEqual(items);
		expect(imports(emulator)).toHaveLength(1);
	});

	it('leaves out nulls, writes objects as JSON text, keeps numbers and booleans', async () => {
		const items = [{ id: '1', n: 1.25, ok: true, gone: null, nested: { a: [1, 2] }, list: ['x', 'y'] }];
		const result = await run(emulator, items, autoMapParameters('tbl_free'));
		expect(result.error).toBeUndefined();
		expect(emulator.rows('tbl_free')).toEqual([{ id: '1', n: 1.25, ok: true, nested: '{"a":[1,2]}', list: '["x","y"]' }]);
	});

	it('sends each item to the table its expression names, and reports in input order', async () => {
		const items = [
			{ to: 'tbl_unique', code: 'u1', title: 'one' },
			{ to: 'tbl_free', code: 'f1', title: 'two' },
			{ to: 'tbl_unique', code: '', title: 'three' }, // the table requires an id
			{ to: 'tbl_free', code: 'f2', title: 'four' },
			{ to: 'tbl_unique', code: 'u2', title: 'five' },
		];
		const parameters = {
			...autoMapParameters('={{ $json.to }}', { onInvalidRecord: 'skip' }),
			columns: { mappingMode: 'defineBelow', value: { id: '={{ $json.code }}', name: '={{ $json.title }}' }, matchingColumns: [], schema: [] },
		};
		const result = await run(emulator, items, parameters, { onError: 'continueRegularOutput' });
		expect(result.error).toBeUndefined();
		expect(emulator.rows('tbl_unique')).toEqual([{ id: 'u1', name: 'one' }, { id: 'u2', name: 'five' }]);
		expect(emulator.rows('tbl_free')).toEqual([{ id: 'f1', name: 'two' }, { id: 'f2', name: 'four' }]);
		const taskOf = (tableId: string) => imports(emulator).find((r) => r.tableId === tableId)?.taskId;
		expect(result.output.map((o) => [o.pairedItem?.item, o.json.taskId ?? o.json.error])).toEqual([
			[0, taskOf('tbl_unique')],
			[1, taskOf('tbl_free')],
			[2, expect.stringMatching(/^Item 2, field "id": /)],
			[3, taskOf('tbl_free')],
			[4, taskOf('tbl_unique')],
		]);
	});

	it('auto-maps items to the table their expression names (each item read on its own)', async () => {
		const items = [
			{ to: 'tbl_unique', id: 'u1', name: 'one' },
			{ to: 'tbl_free', id: 'f1', name: 'two' },
			{ to: 'tbl_unique', id: 'u2', name: 'three' },
		];
		const parameters = autoMapParameters('={{ $json.to }}', { unknownFields: 'ignore' });
		const result = await run(emulator, items, parameters);
		expect(result.error).toBeUndefined();
		// tbl_unique has no "to" column, so it is left out there; tbl_free takes any field.
		expect(emulator.rows('tbl_unique')).toEqual([{ id: 'u1', name: 'one' }, { id: 'u2', name: 'three' }]);
		expect(emulator.rows('tbl_free')).toEqual([items[1]]);
		expect(result.output.map((o) => [o.pairedItem?.item, o.json.ignoredFields ?? null])).toEqual([
			[0, ['to']],
			[1, null],
			[2, ['to']],
		]);
	});

	it('a dry run over two tables, one missing: the plan of the one, an error per item of the other', async () => {
		const items = [{ to: 'tbl_free', id: 'a' }, { to: 'tbl_missing', id: 'b' }, { to: 'tbl_free', id: 'c' }];
		const parameters = {
			...autoMapParameters('={{ $json.to }}', { dryRun: true }),
			columns: { mappingMode: 'defineBelow', value: { id: '={{ $json.id }}' }, matchingColumns: [], schema: [] },
		};
		const result = await run(emulator, items, parameters, { onError: 'continueRegularOutput' });
		expect(result.error).toBeUndefined();
		expect(imports(emulator)).toHaveLength(0);
		expect(result.output.map((o) => o.json)).toEqual([
			expect.objectContaining({ dryRun: true, tableId: 'tbl_free', records: 2, firstItemIndex: 0, lastItemIndex: 2 }),
			// With Continue On Fail the error item keeps the input's fields, and says which item and rule.
			{ ...items[1], error: expect.stringMatching(/^Item 1: .*"tbl_missing"/), errorRule: 'table', errorItemIndex: 1 },
		]);
		expect(result.output[1].pairedItem).toEqual({ item: 1 });
	});
});

describe('Add Table Data: record formats', () => {
	afterEach(() => emulator.configure({ recordFormat: 'auto' }));

	it.each(['values', 'flat'])('sends the %s format the server expects', async (format) => {
		emulator.configure({ recordFormat: format });
		const result = await run(emulator, people(3), autoMapParameters('tbl_free', { recordFormat: format }));
		expect(result.error).toBeUndefined();
		expect(emulator.rows('tbl_free')).toEqual(people(3));
	});

	it('is refused when the format does not match the server (the option is really used)', async () => {
		emulator.configure({ recordFormat: 'values' });
		const result = await run(emulator, people(3), autoMapParameters('tbl_free', { recordFormat: 'flat' }));
		// The first record the server refuses alone stops the node, quoting the server's reason.
		expect(result.error?.message).toMatch(/^Item 0: the server rejected this record: .*records\[0\] has no "values" object/);
		expect(emulator.rows('tbl_free')).toEqual([]);
	});

	it('a wrong format under Skip Them: every record is an error with the server\'s reason, and later batches are only probed', async () => {
		emulator.configure({ recordFormat: 'values' });
		const result = await run(emulator, people(2500), autoMapParameters('tbl_free', { recordFormat: 'flat', onInvalidRecord: 'skip' }));
		expect(result.error).toBeUndefined();
		const sent = emulator.requests.filter((r) => r.path === '/v1/database/import/records');
		// The first batch's search for refused records (at most 100 more requests), then 1 + 2 per later batch.
		expect(sent.length).toBeLessThanOrEqual(1 + 100 + 3 + 3);
		expect(sent.every((r) => r.code === 40000)).toBe(true);
		expect(emulator.rows('tbl_free')).toEqual([]);
		expect(result.output).toHaveLength(2500);
		result.output.forEach((o, i) => {
			expect(o.json).toMatchObject({ errorItemIndex: i, errorRule: expect.stringMatching(/^(rejected|notIsolated)$/), id: `p${i}` });
			expect(o.json.error).toMatch(/has no "values" object/);
		});
	});
});

import { API_KEY, autoMapParameters, imports, people, run, TABLES, useTestEmulator, type Emulator } from './setup';

const STATUS_PATH = '/v1/database/query/import-results';
const statusPolls = (emulator: Emulator) => emulator.requests.filter((r) => r.path === STATUS_PATH);

const emulator = useTestEmulator({}, { taskDelayMs: 300, uniqueCheck: 'sync', tables: TABLES, faults: [] });

const waiting = (options: Record<string, unknown> = {}) => autoMapParameters('tbl_unique', { waitForCompletion: true, ...options });

describe('Add Table Data: waiting for the import to finish', () => {
	it('waits on one task and reports how it ended on every item', async () => {
		const result = await run(emulator, people(3), waiting());
		expect(result.error).toBeUndefined();
		expect(result.output.map((o) => o.json)).toEqual(
			people(3).map((values) => expect.objectContaining({ values, status: 'AVAILABLE', successCount: 3, failCount: 0, failDetail: [] })),
		);
		expect(emulator.rows('tbl_unique')).toEqual(people(3));
		expect(statusPolls(emulator).length).toBeGreaterThanOrEqual(1);
	});

	it('stops waiting for a task AltaTech stopped knowing, and says so, instead of waiting out the timeout as "still importing"', async () => {
		emulator.configure({ taskDelayMs: 60_000 });
		const started = Date.now();
		// The task vanishes (with its rows) while the node waits: the emulator forgets every task.
		const result = await run(emulator, people(3), waiting({ waitTimeout: 120 }), { whileRunning: () => setTimeout(() => emulator.reset({ keepTables: true }), 1500) });
		expect(result.error).toBeUndefined();
		expect(Date.now() - started).toBeLessThan(20_000);
		expect(result.output.map((o) => [o.json.finished, o.json.note])).toEqual(people(3).map(() => [false, expect.stringMatching(/^AltaTech knows no import task with this id/)]));
		expect(emulator.rows('tbl_unique')).toEqual([]);
	});

	it('waits on 30 tasks with one status request per round, naming every task', async () => {
		const result = await run(emulator, people(30), waiting({ batchSize: 1 }));
		expect(result.error).toBeUndefined();
		const taskIds = imports(emulator).map((r) => r.taskId);
		expect(taskIds).toHaveLength(30);
		const polls = statusPolls(emulator);
		expect(polls.length).toBeLessThanOrEqual(3); // 300 ms of work, first poll after 1 s
		expect(polls[0].taskIds).toEqual(taskIds);
		expect(result.output.every((o) => o.json.status === 'AVAILABLE')).toBe(true);
	});

	it('a task that fails on AltaTech makes its items errors, with the reason', async () => {
		// Checked when the task runs: a value already stored fails the whole task.
		emulator.configure({ uniqueCheck: 'async', tables: [{ ...TABLES[1], rows: [{ id: 'p1' }] }] });
		emulator.reset();
		const items = [...people(3), ...people(2, 10)];
		const result = await run(emulator, items, waiting({ batchSize: 3 }), { onError: 'continueRegularOutput' });
		expect(result.output.slice(0, 3).map((o) => o.json.error)).toEqual(
			[0, 1, 2].map((i) => expect.stringMatching(new RegExp(`^Item ${i}: the import task \\w{24} failed on AltaTech, so none of its rows were added: .*p1`))),
		);
		expect(result.output.slice(3).map((o) => o.json.status)).toEqual(['AVAILABLE', 'AVAILABLE']);
		expect(emulator.rows('tbl_unique')).toEqual([{ id: 'p1' }, ...people(2, 10)]);
	});

	it('a failed task also turns items whose output was built while later requests ran into errors', async () => {
		// Requests of 100 records or more have their accepted items' output built during the next request.
		emulator.configure({ uniqueCheck: 'async', tables: [{ ...TABLES[1], rows: [{ id: 'p1' }] }] });
		emulator.reset();
		const result = await run(emulator, people(300), waiting({ batchSize: 100 }), { onError: 'continueRegularOutput' });
		expect(imports(emulator)).toHaveLength(3);
		expect(result.output).toHaveLength(300);
		expect(result.output.slice(0, 100).every((o, i) => new RegExp(`^Item ${i}: the import task \\w{24} failed on AltaTech`).test(o.json.error))).toBe(true);
		expect(result.output.slice(100).map((o) => [o.json.status, o.json.successCount])).toEqual(Array(200).fill(['AVAILABLE', 100]));
		expect(result.output.map((o) => o.pairedItem?.item)).toEqual(Array.from({ length: 300 }, (_, i) => i));
		expect(emulator.rows('tbl_unique')).toEqual([{ id: 'p1' }, ...people(300).slice(100)]);
	});

	it('without Continue On Fail, a failed task stops the node with the reason', async () => {
		emulator.configure({ uniqueCheck: 'async', tables: [{ ...TABLES[1], rows: [{ id: 'p1' }] }] });
		emulator.reset();
		const result = await run(emulator, people(3), waiting());
		expect(result.error?.message).toMatch(/^Item 0: the import task \w{24} failed on AltaTech/);
		expect(result.error?.message).not.toContain(API_KEY);
	});

	it("with several tables, the error counts every table's failed items", async () => {
		const other = { id: 'tbl_other', name: 'other', fields: TABLES[1].fields, rows: [{ id: 'q1' }] };
		emulator.configure({ uniqueCheck: 'async', tables: [{ ...TABLES[1], rows: [{ id: 'p1' }] }, other] });
		emulator.reset();
		const items = [
			{ to: 'tbl_other', id: 'q0' },
			{ to: 'tbl_unique', id: 'p1' }, // stored before: its task fails
			{ to: 'tbl_other', id: 'q1' }, // stored before: its task fails
			{ to: 'tbl_unique', id: 'p2' },
		];
		const result = await run(emulator, items, autoMapParameters('={{ $json.to }}', { waitForCompletion: true, unknownFields: 'ignore' }));
		expect(emulator.rows('tbl_unique')).toEqual([{ id: 'p1' }]);
		expect(emulator.rows('tbl_other')).toEqual([{ id: 'q1' }]);
		expect(result.error?.message).toMatch(/^Item 0: the import task \w{24} failed on AltaTech/);
		expect(result.error?.description).toMatch(/^3 other item\(s\) failed too\. Nothing was imported\./);
	});

	it('a task that outlives the timeout is reported as PENDING_PARSE and nothing is re-sent', async () => {
		emulator.configure({ taskDelayMs: 60_000 });
		const started = Date.now();
		const result = await run(emulator, people(2), waiting({ waitTimeout: 1 }));
		expect(Date.now() - started).toBeLessThan(5000);
		expect(result.error).toBeUndefined();
		expect(result.output.map((o) => o.json.status)).toEqual(['PENDING_PARSE', 'PENDING_PARSE']);
		expect(result.output[0].json.taskId).toBe(imports(emulator)[0].taskId);
		expect(imports(emulator)).toHaveLength(1);
	});

	it('a Wait Timeout with a fraction of a millisecond still reads the statuses', async () => {
		const result = await run(emulator, people(2), waiting({ waitTimeout: 2.0005 }));
		expect(result.error).toBeUndefined();
		expect(result.output.map((o) => o.json.status)).toEqual(['AVAILABLE', 'AVAILABLE']);
		expect(statusPolls(emulator).every((r) => r.status === 200)).toBe(true);
	});

	it('a status read that hangs does not hold the run past Wait Timeout', async () => {
		// Every status reply comes 20 s late; the request Timeout (120 s) alone would let the run wait
		// for it. The poll at 1 s may take until 5 s past the 2 s timeout, and nothing is retried later.
		emulator.configure({ taskDelayMs: 60_000, faults: [{ kind: 'delayAfterImport', path: STATUS_PATH, delayMs: 20_000 }] });
		const started = Date.now();
		const result = await run(emulator, people(2), waiting({ waitTimeout: 2 }));
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(result.error).toBeUndefined();
		expect(result.output.map((o) => [o.json.status, o.json.note])).toEqual([
			['PENDING_PARSE', expect.stringMatching(/wait timed out/)],
			['PENDING_PARSE', expect.stringMatching(/wait timed out/)],
		]);
		expect(statusPolls(emulator).length).toBeGreaterThanOrEqual(1);
		expect(imports(emulator)).toHaveLength(1);
	});
});

describe('Add Table Data: one output item per request', () => {
	it('outputs task id, record count, first and last item and CSV bytes per request', async () => {
		const result = await run(emulator, people(2500), autoMapParameters('tbl_unique', { outputMode: 'batches' }));
		const sent = imports(emulator);
		expect(result.output.map((o) => o.json)).toEqual([
			{ taskId: sent[0].taskId, tableId: 'tbl_unique', batch: 1, records: 1000, csvBytes: sent[0].csvBytes, firstItemIndex: 0, lastItemIndex: 999 },
			{ taskId: sent[1].taskId, tableId: 'tbl_unique', batch: 2, records: 1000, csvBytes: sent[1].csvBytes, firstItemIndex: 1000, lastItemIndex: 1999 },
			{ taskId: sent[2].taskId, tableId: 'tbl_unique', batch: 3, records: 500, csvBytes: sent[2].csvBytes, firstItemIndex: 2000, lastItemIndex: 2499 },
		]);
		expect(result.output[2].pairedItem).toHaveLength(500);
	});

	it('with items going to several tables, each request says its table and its own items', async () => {
		const items = people(6).map((item, i) => ({ ...item, to: i % 2 ? 'tbl_unique' : 'tbl_free' }));
		const parameters = { ...autoMapParameters('={{ $json.to }}', { outputMode: 'batches', unknownFields: 'ignore', maxRetries: 0 }) };
		emulator.configure({ taskDelayMs: 0, faults: [{ kind: 'code50000', requests: [2] }] }); // the request to tbl_unique
		const result = await run(emulator, items, parameters, { onError: 'continueRegularOutput' });
		expect(result.output.map((o) => [o.json.tableId ?? null, o.json.error ?? o.json.records, (o.pairedItem as unknown as Array<{ item: number }>).map((p) => p.item)])).toEqual([
			['tbl_free', 3, [0, 2, 4]],
			[null, 'Request 1 to table "tbl_unique" (items 1, 3, 5): AltaTech had an internal error; try again later. The server said: "Internal system error"', [1, 3, 5]],
		]);
		expect(emulator.rows('tbl_free').map((row) => row.id)).toEqual(['p0', 'p2', 'p4']);
		expect(emulator.rows('tbl_unique')).toEqual([]);

		emulator.reset();
		emulator.configure({ faults: [{ kind: 'code50000', requests: [2] }] });
		const stopped = await run(emulator, items, { ...parameters, options: { ...parameters.options, outputMode: 'records' } });
		expect(stopped.error?.message).toBe('AltaTech had an internal error; try again later (table "tbl_unique", request 1, items 1, 3, 5)');
	});

	it('adds the tracking fields when waiting', async () => {
		const result = await run(emulator, people(5), waiting({ outputMode: 'batches' }));
		expect(result.output.map((o) => o.json)).toEqual([
			expect.objectContaining({ records: 5, status: 'AVAILABLE', successCount: 5, failCount: 0, progress: 100 }),
		]);
	});
});

describe('Get Import Status', () => {
	const statusParameters = (taskIds: string) => ({ resource: 'tableData', operation: 'getImportStatus', taskIds });

	it('looks up known and unknown task ids in one request, one item per task', async () => {
		emulator.configure({ taskDelayMs: 0 });
		const imported = await run(emulator, people(3), autoMapParameters('tbl_unique', { batchSize: 2 }));
		const [first, second] = [...new Set(imported.output.map((o) => o.json.taskId))];
		const before = statusPolls(emulator).length;

		const unknown = 'ffffffffffffffffffffffff';
		const result = await run(emulator, [{ taskId: first }, { taskId: second }, { taskId: first }, { taskId: unknown }], statusParameters('={{ $json.taskId }}'));
		expect(result.output.map((o) => o.json)).toEqual([
			expect.objectContaining({ taskId: first, status: 'AVAILABLE', totalCount: 2, successCount: 2 }),
			expect.objectContaining({ taskId: second, status: 'AVAILABLE', totalCount: 1, successCount: 1 }),
			{ taskId: unknown, status: 'NOT_FOUND', note: expect.stringMatching(/knows no import task/) },
		]);
		expect(result.output[0].pairedItem).toEqual([{ item: 0 }, { item: 2 }]);
		const polls = statusPolls(emulator).slice(before);
		expect(polls).toHaveLength(1);
		expect(polls[0].taskIds).toEqual([first, second, unknown]);
	});

	it('takes a comma-separated list', async () => {
		const result = await run(emulator, [{}], statusParameters('aaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbb'));
		expect(result.output.map((o) => o.json.status)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
	});

	it('takes a list whose entries are such lists too', async () => {
		emulator.configure({ taskDelayMs: 0 });
		const imported = await run(emulator, people(3), autoMapParameters('tbl_unique', { batchSize: 2 }));
		const [first, second] = [...new Set(imported.output.map((o) => o.json.taskId))];
		const result = await run(emulator, [{ ids: [`${first}, ${second}`] }], statusParameters('={{ $json.ids }}'));
		expect(result.output.map((o) => [o.json.taskId, o.json.status])).toEqual([
			[first, 'AVAILABLE'],
			[second, 'AVAILABLE'],
		]);
	});

	it('an item that names no task stops the node, or is an error item with Continue On Fail', async () => {
		const items = [{ taskId: 'aaaaaaaaaaaaaaaaaaaaaaaa' }, { taskId: '' }];
		const stopped = await run(emulator, items, statusParameters('={{ $json.taskId }}'));
		expect(stopped.error?.message).toBe('Item 1: Task IDs is empty, so there is no import task to look up');
		expect(statusPolls(emulator)).toEqual([]);

		const continued = await run(emulator, items, statusParameters('={{ $json.taskId }}'), { onError: 'continueRegularOutput' });
		expect(continued.output.map((o) => [o.pairedItem, o.json.status ?? o.json.error])).toEqual([
			[[{ item: 0 }], 'NOT_FOUND'],
			[{ item: 1 }, 'Item 1: Task IDs is empty, so there is no import task to look up'],
		]);
		expect(continued.output[1].json.errorItemIndex).toBe(1);

		// With the error output, that item leaves on it, with the input's fields.
		const apart = await run(emulator, items, statusParameters('={{ $json.taskId }}'), { onError: 'continueErrorOutput' });
		expect(apart.output.map((o) => o.json.status)).toEqual(['NOT_FOUND']);
		expect(apart.errorOutput.map((o) => o.json)).toEqual([{ taskId: '', error: 'Item 1: Task IDs is empty, so there is no import task to look up' }]);
	});

	it('an item whose Task IDs give an object or a boolean is an error naming it, not ids made of its text', async () => {
		const imported = await run(emulator, people(1), autoMapParameters('tbl_unique'));
		const taskId = imported.output[0].json.taskId;
		for (const [given, what] of [[{ taskId }, 'an object'], [[{ taskId }], 'an object'], [true, 'a boolean']] as const) {
			emulator.requests.length = 0;
			const result = await run(emulator, [{ given }], statusParameters('={{ $json.given }}'), { onError: 'continueRegularOutput' });
			expect([given, result.output.map((o) => o.json.error)]).toEqual([given, [`Item 0: Task IDs gave ${what}, not task ids: give the ids themselves, for example {{ $json.taskId }}`]]);
			expect(statusPolls(emulator)).toEqual([]);
		}
		// Numbers and nested lists are ids.
		const listed = await run(emulator, [{ given: [[taskId], 12345] }], statusParameters('={{ $json.given }}'));
		expect(listed.output.map((o) => [o.json.taskId, o.json.status])).toEqual([[taskId, expect.stringMatching(/^(PENDING_PARSE|AVAILABLE)$/)], ['12345', 'NOT_FOUND']]);
	});

	it('a status request that keeps failing: the ids read before it are still reported, the rest are errors', async () => {
		emulator.configure({ taskDelayMs: 0 });
		const imported = await run(emulator, people(1), autoMapParameters('tbl_unique'));
		const known = String(imported.output[0].json.taskId);
		// 150 ids: read 100 per request; the second request fails, and so do its 3 retries.
		const ids = [known, ...Array.from({ length: 149 }, (_, i) => i.toString(16).padStart(24, 'a'))];
		emulator.configure({ faults: [{ kind: 'http500', path: STATUS_PATH, requests: [2, 3, 4, 5] }] });
		const result = await run(emulator, [{}], statusParameters(ids.join(',')), { onError: 'continueRegularOutput' });
		expect(result.output.map((o) => o.json.status ?? 'error')).toEqual([
			'AVAILABLE',
			...Array(99).fill('NOT_FOUND'),
			...Array(50).fill('error'),
		]);
		expect(result.output[100].json.error).toMatch(new RegExp(`^Task ${ids[100]}: reading its import status failed: `));
		expect(statusPolls(emulator).map((r) => r.status)).toEqual([200, 500, 500, 500, 500]);

		emulator.reset();
		const stopped = await run(emulator, [{}], statusParameters(ids.join(',')));
		expect(stopped.error?.message).toMatch(/^Reading the import status failed: /);
	}, 30_000);

	it('retries a status read that fails for a moment', async () => {
		emulator.configure({ faults: [{ kind: 'http500', path: STATUS_PATH, requests: [1] }] });
		const result = await run(emulator, [{}], statusParameters('aaaaaaaaaaaaaaaaaaaaaaaa'));
		expect(result.error).toBeUndefined();
		expect(statusPolls(emulator).map((r) => r.status)).toEqual([500, 200]);
		expect(result.output.map((o) => o.json.status)).toEqual(['NOT_FOUND']);
	});
});

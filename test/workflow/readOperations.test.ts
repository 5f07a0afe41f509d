import { autoMapParameters, people, run, useTestEmulator } from './setup';

const emulator = useTestEmulator({}, { faults: [], taskDelayMs: 0 });

const statusOf = (taskIds: string) => ({ resource: 'tableData', operation: 'getImportStatus', taskIds });

/** Two import tasks, finished: their ids. */
async function twoTasks(): Promise<[string, string]> {
	emulator.configure({ taskDelayMs: 0 });
	const imported = await run(emulator, people(2), autoMapParameters('tbl_unique', { batchSize: 1 }));
	const [a, b] = imported.output.map((o) => String(o.json.taskId));
	return [a, b];
}

describe('Get Import Status', () => {
	it.each(['continueRegularOutput', 'continueErrorOutput'])('with %s, an item whose Task IDs expression fails is its own error item; the others are looked up', async (onError) => {
		const [a, b] = await twoTasks();
		const items = [{ id: a }, { id: a, bad: true }, { id: b }];
		const result = await run(emulator, items, statusOf("={{ $json.bad ? $('No Such Node').item.json.x : $json.id }}"), { onError });
		expect(result.output.filter((o) => !o.json.error).map((o) => [o.json.taskId, o.json.status, o.pairedItem])).toEqual([
			[a, 'AVAILABLE', [{ item: 0 }]],
			[b, 'AVAILABLE', [{ item: 2 }]],
		]);
		const failed = [...result.output, ...result.errorOutput].filter((o) => o.json.error);
		expect(failed.map((o) => o.pairedItem)).toEqual([{ item: 1 }]);
		expect(failed[0].json.error).toMatch(/^Item 1: the expression in Task IDs failed: /);
	});

	it('without Continue On Fail, an item whose Task IDs expression fails stops the node, naming the item, before any read', async () => {
		const [a] = await twoTasks();
		const before = emulator.requests.length;
		const result = await run(emulator, [{ id: a }, { id: a, bad: true }], statusOf("={{ $json.bad ? $('No Such Node').item.json.x : $json.id }}"));
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(result.output).toEqual([]);
		expect(emulator.requests.slice(before)).toEqual([]);
	});

	it('reads ids given as JSON text or in quotes', async () => {
		const [a, b] = await twoTasks();
		const result = await run(emulator, [{ ids: JSON.stringify([a, b]) }, { ids: `"${a}"` }, { ids: `['${b}']` }], statusOf('={{ $json.ids }}'));
		expect(result.output.map((o) => [o.json.taskId, o.json.status, o.pairedItem])).toEqual([
			[a, 'AVAILABLE', [{ item: 0 }, { item: 1 }]],
			[b, 'AVAILABLE', [{ item: 0 }, { item: 2 }]],
		]);
	});
});

describe('Get Many', () => {
	const TABLE = 'tbl_events';
	const getMany = (filterColumn: string, filterValue: unknown) => ({ resource: 'tableData', operation: 'getMany', tableId: TABLE, returnAll: true, options: { filterColumn, filterValue } });

	beforeEach(() => {
		emulator.reset();
		emulator.configure({
			tables: [
				{
					id: TABLE,
					name: 'events',
					fields: [
						{ name: 'at', type: 'DATETIME', required: true, unique: true },
						{ name: 'n', type: 'INT', required: false, unique: true },
					],
					rows: [{ at: '2025-01-02 03:04:05', n: 1000 }],
				},
			],
		});
	});

	it.each([
		['at', '2025-01-02 03:04:05'],
		['at', '2025-01-02T03:04:05Z'],
		['n', 1000],
		['n', '1e3'],
		['n', '1000.0'],
	])('finds the record by %s = %p, converted to the column type as written values are', async (column, value) => {
		const read = await run(emulator, [{}], getMany(column, value));
		expect(read.error).toBeUndefined();
		expect(read.output.map((o) => o.json.n)).toEqual([1000]);
	});

	it('names the item and the column when the value cannot be of the column type, and sends no read for it', async () => {
		const read = await run(emulator, [{}, {}], { ...getMany('n', '={{ $itemIndex === 1 ? "abc" : 1000 }}') }, { onError: 'continueRegularOutput' });
		expect(read.output.map((o) => o.json.n ?? o.json.error)).toEqual([1000, 'Item 1: Filter Value "abc" cannot be read as a whole number (INT), the type of column "n": no record could equal it']);
		// One read of the columns for the table, one page for item 0.
		expect(emulator.requests.filter((r) => r.path === '/v1/database/records/page')).toHaveLength(2);
	});

	it("an item whose read fails is told by its index on Continue On Fail's output", async () => {
		const read = await run(emulator, [{}], { ...getMany('note', 'x'), tableId: 'tbl_missing' }, { onError: 'continueRegularOutput' });
		expect(read.output.map((o) => o.json.error)).toEqual([expect.stringMatching(/^Item 0: .*\(table "tbl_missing"\)/)]);
	});
});

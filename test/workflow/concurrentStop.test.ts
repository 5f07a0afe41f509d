import { autoMapParameters, imports, people, run, TABLES, useTestEmulator } from './setup';

// With several requests in flight, a request that fails for good stops the run: requests that
// were waiting their turn (Batch Interval) or waiting to retry are not sent after that (a fuzzer
// of concurrency under faults found them sent and imported after the stop).

const IMPORT_PATH = '/v1/database/import/records';

const emulator = useTestEmulator({}, { taskDelayMs: 0, uniqueCheck: 'sync', tables: TABLES, faults: [] });

describe('a failed request stops the run at any concurrency', () => {
	it('sends no batch that was waiting for its Batch Interval slot', async () => {
		emulator.configure({ faults: [{ kind: 'code50000', path: IMPORT_PATH, requests: [1] }] });
		const result = await run(emulator, people(80), autoMapParameters('tbl_unique', { batchSize: 10, concurrency: 8, batchInterval: 200, maxRetries: 0 }));
		expect(imports(emulator)).toHaveLength(1);
		expect(emulator.rows('tbl_unique')).toEqual([]);
		expect(result.error?.message).toMatch(/^AltaTech had an internal error.*\(table "tbl_unique", request 1, items 0 to 9\)$/);
		expect(result.error?.description).toMatch(/Nothing was imported\./);
	}, 30_000);

	it('does not retry a batch that was waiting to retry when another failed for good', async () => {
		// Batch 1 fails (50000, then again on its retry); batch 2 is asked to wait 1 s (429) meanwhile.
		emulator.configure({ faults: [{ kind: 'code50000', path: IMPORT_PATH, requests: [1, 3] }, { kind: 'http429', path: IMPORT_PATH, retryAfter: 1, requests: [2] }] });
		const result = await run(emulator, people(20), autoMapParameters('tbl_free', { batchSize: 10, concurrency: 2, maxRetries: 1, retryDelay: 0 }));
		expect(imports(emulator)).toHaveLength(3); // batch 1 and its retry, batch 2 once: not its retry
		expect(emulator.rows('tbl_free')).toEqual([]);
		expect(result.error?.message).toMatch(/\(table "tbl_free", request 1, items 0 to 9\)$/);
		expect(result.error?.description).toMatch(/Nothing was imported\./);
	}, 30_000);
});

describe('a stop takes effect as the request that causes it ends', () => {
	/** Stores p0 first, so that the server refuses any request holding it. */
	async function withP0Stored(): Promise<number> {
		await run(emulator, people(1), autoMapParameters('tbl_unique'));
		return imports(emulator).length;
	}
	const batchesStored = (size: number) => [...new Set(emulator.rows('tbl_unique').map((row) => Math.floor(Number(String(row.id).slice(1)) / size) + 1))].sort((a, b) => a - b);

	it('Fail Before Sending at concurrency 2: no batch starts while the refused batch finds its refused record', async () => {
		await withP0Stored();
		const result = await run(emulator, people(320), autoMapParameters('tbl_unique', { batchSize: 16, concurrency: 2, retryDelay: 0 }));
		expect(result.error?.message).toMatch(/^Item 0: /);
		// Batch 1 (p0 already there) is refused and split; batch 2 was in flight. Nothing later goes.
		expect(batchesStored(16).filter((batch) => batch > 2)).toEqual([]);
		expect(emulator.rows('tbl_unique').map((row) => row.id)).toEqual(expect.arrayContaining(people(16).map((p) => p.id)));
	}, 30_000);

	it('a part of a refused batch that fails for good stops the run: its other part is not sent', async () => {
		const before = await withP0Stored();
		// Import 1 of the run: batch 1 (p0 to p3) refused; import 2, its first half, meets an HTTP 500.
		emulator.configure({ faults: [{ kind: 'http500', path: IMPORT_PATH, requests: [2] }] });
		const result = await run(emulator, people(8), autoMapParameters('tbl_unique', { batchSize: 4, maxRetries: 0, onInvalidRecord: 'skip', retryDelay: 0 }));
		expect(imports(emulator).slice(before).map((r) => `${r.recordCount}:${r.status}`)).toEqual(['4:400', 'null:500']);
		expect(emulator.rows('tbl_unique').map((row) => row.id)).toEqual(['p0']);
		expect(result.error?.message).toMatch(/\(table "tbl_unique", request 1, items 0 to 1\)$/);
	}, 30_000);
});

it('Batch Interval holds from the last request to one table to the first to the next', async () => {
	const items = [0, 1, 2, 3].map((i) => ({ id: `r${i}`, table: i < 2 ? 'tbl_free' : 'tbl_other' }));
	emulator.configure({ tables: [...TABLES, { id: 'tbl_other', name: 'other' }] });
	const result = await run(emulator, items, autoMapParameters('={{ $json.table }}', { batchSize: 1, batchInterval: 500, unknownFields: 'ignore' }));
	expect(result.error).toBeUndefined();
	const starts = imports(emulator).map((r) => r.startedAt);
	expect(starts).toHaveLength(4);
	for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(480);
}, 30_000);

it('a rate limit holds every request of the run, not only the one it answered', async () => {
	// Batches 1 and 2 go at once; batch 1 is told to wait 1 s, batch 2 is answered 300 ms later.
	// Batch 3 then waits for the rate limit too, as does batch 1's retry.
	emulator.configure({
		faults: [
			{ kind: 'http429', path: IMPORT_PATH, retryAfter: 1, requests: [1] },
			{ kind: 'delayAfterImport', path: IMPORT_PATH, delayMs: 300, requests: [2] },
		],
	});
	const result = await run(emulator, people(40), autoMapParameters('tbl_free', { batchSize: 10, concurrency: 2, retryDelay: 0 }));
	expect(result.error).toBeUndefined();
	expect(emulator.rows('tbl_free')).toHaveLength(40);
	const [limited, delayed, ...later] = imports(emulator);
	expect([limited.status, delayed.status]).toEqual([429, 200]);
	expect(later).toHaveLength(3);
	for (const request of later) expect(request.startedAt - (limited.startedAt + limited.durationMs)).toBeGreaterThanOrEqual(950);
}, 30_000);

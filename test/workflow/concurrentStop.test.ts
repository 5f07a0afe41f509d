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

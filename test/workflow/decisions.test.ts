/**
 * Which answers are retried, which are taken as possibly written, and what stops the run: each
 * decided by HTTP status and API code, checked on what the emulator received and stored.
 */
import { autoMapParameters, imports, people, run, shutdownN8nCore, startTestEmulator, type Emulator } from './setup';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startTestEmulator();
});
beforeEach(() => {
	emulator.reset();
	emulator.configure({ faults: [] });
});
afterAll(async () => {
	emulator.configure({ faults: [] });
	await emulator.close();
	shutdownN8nCore();
});

const storedIds = (tableId: string) => emulator.rows(tableId).map((row) => row.id);

describe('retried: the request took nothing and may succeed later', () => {
	it('the rate-limit code 40008 in an HTTP 200', async () => {
		emulator.configure({ faults: [{ kind: 'code40008', requests: [1] }] });
		const result = await run(emulator, people(3), autoMapParameters('tbl_free', { retryDelay: 0 }));
		expect(result.error).toBeUndefined();
		expect(imports(emulator)).toHaveLength(2);
		expect(storedIds('tbl_free')).toEqual(['p0', 'p1', 'p2']);
	});

	it("a proxy's HTTP 429 without an API code", async () => {
		emulator.configure({ faults: [{ kind: 'http500', status: 429, requests: [1] }] });
		const result = await run(emulator, people(3), autoMapParameters('tbl_free', { retryDelay: 0 }));
		expect(result.error).toBeUndefined();
		expect(imports(emulator).map((r) => r.status)).toEqual([429, 200]);
		expect(storedIds('tbl_free')).toEqual(['p0', 'p1', 'p2']);
	});

	it('a read of the table whose connection was reset (a read changes nothing)', async () => {
		emulator.configure({ faults: [{ kind: 'reset', path: '/v1/database/records/page', requests: [1] }] });
		const result = await run(emulator, people(3), autoMapParameters('tbl_unique', { retryDelay: 0 }));
		expect(result.error).toBeUndefined();
		expect(storedIds('tbl_unique')).toEqual(['p0', 'p1', 'p2']);
	});
});

describe('possibly written: never reported as a plain failure, never re-sent blindly', () => {
	it('a 2xx reply whose body is not JSON', async () => {
		emulator.configure({ faults: [{ kind: 'malformedJson', requests: [1] }] });
		const result = await run(emulator, people(2), autoMapParameters('tbl_free', { retryDelay: 0 }), { onError: 'continueRegularOutput' });
		expect(storedIds('tbl_free')).toEqual(['p0', 'p1']);
		expect(imports(emulator)).toHaveLength(1);
		expect(result.output.map((o) => o.json.errorRule)).toEqual(['outcomeUnknown', 'outcomeUnknown']);
	});

	it('a re-send after a lost reply that the table refuses is probed, not split record by record', async () => {
		emulator.configure({ faults: [{ kind: 'gatewayTimeoutAfterImport', requests: [1] }] });
		await run(emulator, people(8), autoMapParameters('tbl_unique', { retryDelay: 0 }), { onError: 'continueRegularOutput' });
		expect(storedIds('tbl_unique')).toEqual(people(8).map((p) => p.id));
		expect(imports(emulator).map((r) => r.recordCount)).toEqual([8, 8, 4, 4]);
	});
});

it('under Fail Before Sending, a record the server refuses stops the requests after its own', async () => {
	await run(emulator, [{ id: 'p0', name: 'old' }], autoMapParameters('tbl_unique'));
	const before = imports(emulator).length;
	const result = await run(emulator, people(6), autoMapParameters('tbl_unique', { batchSize: 2, retryDelay: 0 }));
	expect(result.error?.message).toMatch(/^Item 0/);
	expect(storedIds('tbl_unique')).toEqual(['p0', 'p1']);
	// Request 1 (p0, p1) refused, then its records one by one; requests 2 and 3 are never sent.
	expect(imports(emulator).slice(before).map((r) => r.recordCount)).toEqual([2, 1, 1]);
});

import { API_KEY, autoMapParameters, imports, people, run, startTestEmulator, useTestEmulator, type RunResult } from './setup';

const emulator = useTestEmulator();
beforeEach(() => {
	emulator.reset();
	emulator.configure({ faults: [] });
});

/** Everything a user can see of a run, to check the key never shows up in it. */
const visible = (result: RunResult) =>
	JSON.stringify({ output: result.output, errorOutput: result.errorOutput, error: result.error && { ...result.error, message: result.error.message, stack: result.error.stack } });

/** The server fails the second import request with an internal error (50000); retries are off to see the failure. */
const failSecondRequest = () => emulator.configure({ faults: [{ kind: 'code50000', requests: [2] }] });
const noRetries = (tableId: string) => autoMapParameters(tableId, { maxRetries: 0 });

describe('Add Table Data: failures', () => {
	it('a bad API key fails with a clear message, sends nothing else, and never shows the key', async () => {
		const wrongKey = 'wrong-key-123456';
		const result = await run(emulator, people(5), autoMapParameters('tbl_free'), { apiKey: wrongKey });
		expect(result.error?.message).toMatch(/API key was rejected/);
		// The table's schema is read first, so the rejection comes before any record is sent.
		expect(emulator.requests).toEqual([expect.objectContaining({ path: '/v1/database/records/page', apiKey: wrongKey, code: 40127 })]);
		expect(emulator.rows('tbl_free')).toEqual([]);
		expect(visible(result)).not.toContain(wrongKey);
	});

	it('a table that does not exist is named as such', async () => {
		const result = await run(emulator, people(5), autoMapParameters('tbl_missing'));
		expect(result.error?.message).toMatch(/table was not found/i);
		expect(result.error?.description).toMatch(/Nothing was imported/);
	});

	it('a failed request stops the run: earlier batches stay, later ones are not sent, the error says so', async () => {
		failSecondRequest();
		const result = await run(emulator, people(2500), noRetries('tbl_unique'));
		expect(result.error?.message).toBe('AltaTech had an internal error; try again later (table "tbl_unique", request 2, items 1000 to 1999)');
		expect(result.error?.description).toMatch(/Code 50000\. HTTP 500\. The server said: "Internal system error" 1000 item\(s\) were accepted for import, which AltaTech finishes unless their task fails \(task ids: \w{24}; Get Import Status tells\)/);
		expect(imports(emulator).map((r) => r.code)).toEqual([0, 50000]);
		expect(emulator.rows('tbl_unique')).toEqual(people(1000));
		expect(visible(result)).not.toContain(API_KEY);
	});

	it('with Continue On Fail, the other batches still go and the failed items come out as errors', async () => {
		failSecondRequest();
		const items = people(2500);
		const result = await run(emulator, items, noRetries('tbl_unique'), { onError: 'continueRegularOutput' });
		expect(result.error).toBeUndefined();
		expect(imports(emulator).map((r) => r.code)).toEqual([0, 50000, 0]);
		expect(emulator.rows('tbl_unique')).toEqual([...items.slice(0, 1000), ...items.slice(2000)]);

		expect(result.output).toHaveLength(2500);
		const failed = result.output.filter((o) => o.json.error);
		expect(failed.map((o) => o.pairedItem?.item)).toEqual([...Array(1000).keys()].map((i) => i + 1000));
		expect(failed[0].json.error).toBe('Item 1000: AltaTech had an internal error; try again later. The server said: "Internal system error"');
		expect(result.output[0].json.taskId).toBe(imports(emulator)[0].taskId);
		expect(result.output[2499].json.taskId).toBe(imports(emulator)[2].taskId);
	});

	it('with the error output, failed items leave on the error branch paired to their input', async () => {
		failSecondRequest();
		const result = await run(emulator, people(2500), noRetries('tbl_unique'), { onError: 'continueErrorOutput' });
		expect(result.output).toHaveLength(1500);
		expect(result.errorOutput).toHaveLength(1000);
		expect(result.errorOutput[0].pairedItem).toEqual({ item: 1000 });
		// n8n adds the input item's fields to an error item, so the user sees which row failed.
		expect(result.errorOutput[0].json).toMatchObject({ id: 'p1000', error: expect.stringMatching(/^Item 1000: /) });
		expect(emulator.rows('tbl_unique')).toHaveLength(1500);
	});

	describe('a record over the 10 MB limit', () => {
		const items = [{ id: 'a' }, { id: 'b', blob: 'x'.repeat(10 * 1024 * 1024) }, { id: 'c' }];

		it('fails before anything is sent when the node stops on errors', async () => {
			const result = await run(emulator, items, autoMapParameters('tbl_free'));
			expect(result.error?.message).toMatch(/^Item 1: The record is too large/);
			expect(result.error?.description).toMatch(/^Nothing was imported\./);
			expect(imports(emulator)).toHaveLength(0);
		});

		it('fails alone under Continue On Fail; its neighbours still go', async () => {
			const result = await run(emulator, items, autoMapParameters('tbl_free'), { onError: 'continueRegularOutput' });
			expect(emulator.rows('tbl_free')).toEqual([{ id: 'a' }, { id: 'c' }]);
			expect(result.output.map((o) => o.json.error ?? 'ok')).toEqual(['ok', expect.stringMatching(/^Item 1: The record is too large/), 'ok']);
			expect(result.output[1].json.error).toMatch(/^Item 1: The record is too large: as a request it takes \d+ bytes/);
			expect(result.output[1].pairedItem).toEqual({ item: 1 });
		});
	});

	it('a value that cannot be stored names the item, the field and the rule', async () => {
		const result = await run(emulator, [{ id: 'a' }, { id: 'b', score: Number.NaN }], autoMapParameters('tbl_free'), {
			onError: 'continueRegularOutput',
		});
		expect(result.output[1].json.error).toBe('Item 1, field "score": NaN is not a number the table can store');
		expect(imports(emulator)).toEqual([expect.objectContaining({ recordCount: 1 })]);
		expect(emulator.rows('tbl_free')).toEqual([{ id: 'a' }]);
	});

	it('an unreachable server is reported as such', async () => {
		const stopped = await startTestEmulator();
		await stopped.close();
		const result = await run(stopped, people(2), autoMapParameters('tbl_free', { retryDelay: 10 }));
		expect(result.error?.message).toMatch(/^Could not reach AltaTech at http:\/\/127\.0\.0\.1:\d+: the connection was refused/);
	});

	it.each([
		['Retry-After', () => ({ retryAfter: 1 })],
		// Epoch seconds are whole seconds: two from now is at least one second away.
		['X-RateLimit-Reset (epoch seconds)', () => ({ rateLimitReset: Math.ceil(Date.now() / 1000) + 2 })],
	])('a 429 is retried after the wait its %s asks for, not sooner', async (_header, wait) => {
		const fault = wait();
		emulator.configure({ faults: [{ kind: 'http429', requests: [1], ...fault }] });
		const result = await run(emulator, people(3), autoMapParameters('tbl_free', { retryDelay: 0 }));

		expect(result.error).toBeUndefined();
		expect(emulator.rows('tbl_free')).toHaveLength(3);
		const [refused, retried] = imports(emulator);
		expect([refused.status, retried.status]).toEqual([429, 200]);
		expect(retried.startedAt - refused.startedAt).toBeGreaterThanOrEqual(950);
	});

	it('a schema read that gets no answer in time says so, without talking of imports', async () => {
		emulator.configure({ faults: [{ kind: 'delayAfterImport', path: '/v1/database/records/page', delayMs: 1500 }] });
		const result = await run(emulator, people(2), autoMapParameters('tbl_free', { timeout: 1, maxRetries: 0 }));
		expect(result.error?.message).toBe('AltaTech did not answer within 1 s, after the request was sent (table "tbl_free")');
		expect(imports(emulator)).toEqual([]);
	});

	it('a transient failure of the schema read is retried, then the import goes on', async () => {
		emulator.configure({ faults: [{ kind: 'http500', path: '/v1/database/records/page', requests: [1, 2] }] });
		const result = await run(emulator, people(3), autoMapParameters('tbl_free', { retryDelay: 10 }));
		expect(result.error).toBeUndefined();
		expect(emulator.requests.filter((r) => r.path === '/v1/database/records/page').map((r) => r.status)).toEqual([500, 500, 200]);
		expect(emulator.rows('tbl_free')).toEqual(people(3));
	});

	it('records refused for others, left when splitting runs out of requests, say so instead of another record\'s reason', async () => {
		emulator.configure({ uniqueCheck: 'sync' });
		// 60 ids already stored, spread over 1000: finding each takes about 20 requests, the batch may spend 100.
		const items = people(1000);
		const storedBefore = items.filter((_, i) => i % 16 === 5);
		await run(emulator, storedBefore, autoMapParameters('tbl_unique'));
		emulator.reset({ keepTables: true });
		const result = await run(emulator, items, autoMapParameters('tbl_unique', { onInvalidRecord: 'skip', retryDelay: 1 }), { onError: 'continueRegularOutput' });
		const stored = new Set(emulator.rows('tbl_unique').map((row) => row.id));
		const errors = result.output.map((o, i) => [i, o.json.error as string | undefined]).filter(([, e]) => e) as Array<[number, string]>;
		const notIsolated = errors.filter(([i]) => result.output[i].json.errorRule === 'notIsolated');
		expect(notIsolated.length).toBeGreaterThan(0);
		expect(imports(emulator).length).toBeLessThanOrEqual(1 + 100);
		for (const [i, message] of notIsolated) {
			expect(message).toMatch(new RegExp(`^Item ${i}: not stored: the server refused a request of \\d+ records holding this one because of some of them`));
			expect(stored.has(items[i].id) && !storedBefore.includes(items[i])).toBe(false);
		}
		// Every item is stored (now or before) or an error; the refused ones that were found are named as such.
		result.output.forEach((o, i) => expect(o.json.error !== undefined || stored.has(items[i].id)).toBe(true));
		expect(errors.filter(([, e]) => /the server rejected this record: .*already exists/.test(e)).length).toBeGreaterThan(0);
	});

	it('under Skip, records refused for others\' sake or in unsplit parts are error items and the later batches still go (no Continue On Fail)', async () => {
		emulator.configure({ uniqueCheck: 'sync' });
		// A sheet imported before, run again after it grew: its first 128 rows are stored, the last 64 are new.
		const items = people(192);
		await run(emulator, items.slice(0, 128), autoMapParameters('tbl_unique'));
		emulator.reset({ keepTables: true });
		// Batch 1 (all stored) spends its 100 requests on splitting; batch 2 (all stored) is then only probed.
		const result = await run(emulator, items, autoMapParameters('tbl_unique', { onInvalidRecord: 'skip', batchSize: 64, retryDelay: 1 }));

		expect(result.error).toBeUndefined();
		expect(emulator.rows('tbl_unique').map((row) => row.id)).toEqual(items.map((item) => item.id)); // the new rows went, once
		expect(result.output).toHaveLength(192);
		result.output.slice(0, 128).forEach((o, i) => {
			expect(o.json).toMatchObject({ errorItemIndex: i, errorRule: expect.stringMatching(/^(rejected|notIsolated)$/) });
			expect(o.json.error).toMatch(/already exists/);
		});
		result.output.slice(128).forEach((o) => expect(typeof o.json.taskId).toBe('string'));
		const sizes = imports(emulator).map((r) => r.recordCount);
		expect(sizes.slice(-3)).toEqual([32, 32, 64]); // batch 2's probe (its two halves), then batch 3 whole
	});

	it('a schema read answered without the table description is retried, and never taken for a table without columns', async () => {
		const PAGE = '/v1/database/records/page';
		// An empty 200, then a 200 whose data lacks table_info: both retried, then the typed table's rules apply.
		emulator.configure({ faults: [{ kind: 'emptyReply', path: PAGE, requests: [1] }, { kind: 'noTaskId', path: PAGE, requests: [2] }] });
		const typedRow = { id: 'a1', name: 'x' };
		const result = await run(emulator, [typedRow, { id: 'a2', nope: 1 }], autoMapParameters('tbl_unique', { retryDelay: 10, onInvalidRecord: 'skip' }));
		expect(emulator.requests.filter((r) => r.path === PAGE).map((r) => r.fault)).toEqual(['emptyReply', 'noTaskId', null]);
		expect(result.output.map((o) => o.json.error ?? 'ok')).toEqual(['ok', 'Item 1, field "nope": the table has no such column (its columns: id, name)']);
		expect(emulator.rows('tbl_unique')).toEqual([typedRow]);

		emulator.reset();
		emulator.configure({ faults: [{ kind: 'noTaskId', path: PAGE }] });
		const stopped = await run(emulator, [typedRow], autoMapParameters('tbl_unique', { retryDelay: 10 }));
		expect(stopped.error?.message).toBe("AltaTech answered the table read without the table's description (its columns) (table \"tbl_unique\")");
		expect(imports(emulator)).toEqual([]);
	});
});

describe('Add Table Data: pacing', () => {
	it('Batch Interval spaces the starts of requests, retries included', async () => {
		emulator.configure({ faults: [{ kind: 'code50000', requests: [2] }] });
		const result = await run(emulator, people(6), autoMapParameters('tbl_free', { batchSize: 2, batchInterval: 300, retryDelay: 0 }));

		expect(result.error).toBeUndefined();
		expect(emulator.rows('tbl_free')).toEqual(people(6));
		const starts = imports(emulator).map((r) => r.startedAt);
		expect(starts).toHaveLength(4); // batch 2 failed once and was sent again
		// Arrival times at the server: one request's trip may take tens of ms longer than the next's on a busy machine.
		for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(250);
	});

	it('Concurrency keeps that many requests in flight, and the output in input order', async () => {
		emulator.configure({ faults: [{ kind: 'delayAfterImport', delayMs: 300 }] }); // every request answers late
		const items = people(12);
		const result = await run(emulator, items, autoMapParameters('tbl_free', { batchSize: 2, concurrency: 3 }));

		expect(result.error).toBeUndefined();
		expect(emulator.rows('tbl_free').map((row) => row.id).sort()).toEqual(items.map((item) => item.id).sort());
		const spans = imports(emulator).map((r) => [r.startedAt, r.startedAt + r.durationMs]);
		const inFlight = (at: number) => spans.filter(([start, end]) => start <= at && at < end).length;
		expect(Math.max(...spans.map(([start]) => inFlight(start)))).toBe(3);
		expect(result.output.map((o) => o.pairedItem?.item)).toEqual(items.map((_, i) => i));
		expect(result.output.map((o) => o.json.values.id)).toEqual(items.map((item) => item.id));
	});
});

// Which answers are retried, which are taken as possibly written, and what stops the run.
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

import { apiFailure, type ApiFailure } from '../../nodes/AltaTech/core/apiErrors';
import { endpointOptions, type PostJson } from '../../nodes/AltaTech/core/bulk/endpoint';
import type { Batch } from '../../nodes/AltaTech/core/bulk/outcome';
import { CsvSizeMeter } from '../../nodes/AltaTech/core/csv';
import { importRecordsEndpoint } from '../../nodes/AltaTech/core/endpoints/importRecords';
import { API_MAX_CSV_BYTES, API_MAX_RECORDS, type TableRecord } from '../../nodes/AltaTech/core/types';
import { csvBytesOf } from './steps';

const records: TableRecord[] = [{ id: 'a', n: 1 }, { id: 'b', ok: true }];
const batch: Batch<TableRecord> = { number: 3, records, itemIndexes: [4, 5], bytes: csvBytesOf(records) };
const endpoint = (options: Partial<Parameters<typeof importRecordsEndpoint>[0]> = {}) =>
	importRecordsEndpoint({ tableId: 'tbl', recordFormat: 'values', hasUniqueColumns: false, ...options });

describe('the import endpoint', () => {
	it('posts the table id and the records, each under "values" or flat, as Record Format says', () => {
		expect(endpoint().path).toBe('/v1/database/import/records');
		expect(endpoint().body(batch)).toEqual({ table_id: 'tbl', records: [{ values: { id: 'a', n: 1 } }, { values: { id: 'b', ok: true } }] });
		expect(endpoint({ recordFormat: 'flat' }).body(batch)).toEqual({ table_id: 'tbl', records });
	});

	it('takes the task id given as text or as a list of one, with or without an envelope', () => {
		for (const body of [{ data: 'task-1' }, { code: 0, message: 'ok', data: ['task-1'] }]) {
			expect(endpoint().readReply(body, batch)).toEqual({ ok: true, accepted: { reply: { taskId: 'task-1' } } });
		}
	});

	it('reads a reply without a task id as a lost reply, never as a failure that took nothing', () => {
		for (const body of [undefined, null, {}, { data: '' }, { data: [] }, { data: [7] }, { data: { id: 'x' } }, 'task-1']) {
			const read = endpoint().readReply(body, batch);
			expect([body, read.ok]).toEqual([body, false]);
			if (!read.ok) expect(read.failure).toMatchObject({ outcomeUnknown: true, retryable: false });
		}
	});

	it('has the API limits, or a smaller Batch Size, and measures requests as the CSV the server builds', () => {
		const { limits } = endpoint();
		expect([limits.maxRecords, limits.maxBytes]).toEqual([API_MAX_RECORDS, API_MAX_CSV_BYTES]);
		expect(endpoint({ batchSize: 250 }).limits.maxRecords).toBe(250);
		const meter = limits.newMeter(Infinity);
		expect(meter).toBeInstanceOf(CsvSizeMeter);
		records.forEach((record) => meter.tryAdd(record));
		expect(meter.bytes).toBe(csvBytesOf(records));
		// The meter keeps to the limit it is given.
		expect(limits.newMeter(5).tryAdd({ id: 'longer than five' })).toBe(false);
	});

	it('sends again after a lost reply only into a table with unique columns, which refuses a repeat', () => {
		expect(endpoint().resendAfterLostReply).toBe(false);
		expect(endpoint({ hasUniqueColumns: true }).resendAfterLostReply).toBe(true);
	});
});

describe('the endpoint as the engine sends it', () => {
	function posting(answer: { ok: true; body: unknown } | { ok: false; failure: ApiFailure }) {
		const posts: Array<[string, object]> = [];
		const post: PostJson = async (path, body) => (posts.push([path, body]), answer);
		return { options: endpointOptions(endpoint(), post), posts };
	}

	it("posts the endpoint's body to its path and reads the reply", async () => {
		const { options, posts } = posting({ ok: true, body: { data: ['task-9'] } });
		expect(await options.send(batch)).toEqual({ ok: true, accepted: { reply: { taskId: 'task-9' } } });
		expect(posts).toEqual([['/v1/database/import/records', endpoint().body(batch)]]);
		expect(options.resendAfterLostReply).toBe(false);
	});

	it('takes a gateway that gave up on the reply for a lost reply; other failures are passed on as they are', async () => {
		for (const httpStatus of [504, 520, 524, 598]) {
			const result = await posting({ ok: false, failure: apiFailure({ httpStatus }) }).options.send(batch);
			expect([httpStatus, result]).toEqual([httpStatus, { ok: false, failure: expect.objectContaining({ httpStatus, outcomeUnknown: true, retryable: false }) }]);
		}
		for (const failure of [apiFailure({ httpStatus: 502 }), apiFailure({ httpStatus: 503 }), apiFailure({ httpStatus: 400, code: 40000 }), apiFailure({ httpStatus: 500, code: 50000 })]) {
			expect(await posting({ ok: false, failure }).options.send(batch)).toEqual({ ok: false, failure });
		}
	});

	it('splits a batch into halves measured anew, keeping its number and items', () => {
		const three = [...records, { id: 'c' }];
		const [first, second] = posting({ ok: true, body: {} }).options.halves({ number: 2, records: three, itemIndexes: [7, 8, 9], bytes: csvBytesOf(three) });
		expect(first).toEqual({ number: 2, records: three.slice(0, 2), itemIndexes: [7, 8], bytes: csvBytesOf(three.slice(0, 2)) });
		expect(second).toEqual({ number: 2, records: three.slice(2), itemIndexes: [9], bytes: csvBytesOf(three.slice(2)) });
	});
});

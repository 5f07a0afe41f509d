import type { ApiFailure } from '../../nodes/AltaTech/core/apiErrors';
import { endpointOptions, type PostJson } from '../../nodes/AltaTech/core/bulk/endpoint';
import type { Batch } from '../../nodes/AltaTech/core/bulk/outcome';
import { BatchPlanner } from '../../nodes/AltaTech/core/bulk/plan';
import { deleteRecordsEndpoint, type DeleteEntry } from '../../nodes/AltaTech/core/endpoints/deleteRecords';
import { JsonSizeMeter, UPDATE_MAX_BYTES, updateRecordsEndpoint, type UpdateEntry } from '../../nodes/AltaTech/core/endpoints/updateRecords';

const TABLE_ID = '673af861ed69656ac0895b07';
const update = (create = false) => updateRecordsEndpoint({ tableId: TABLE_ID, create });

function batchOf<R>(records: R[]): Batch<R> {
	const meter = new JsonSizeMeter<R>(Infinity, {});
	records.forEach((record) => meter.tryAdd(record));
	return { number: 1, records, itemIndexes: records.map((_, position) => 10 + position), bytes: meter.bytes };
}

const byId = batchOf<UpdateEntry>([
	{ record_id: '111', updated_fields: { name: 'a' } },
	{ record_id: '222', updated_fields: { name: 'b' } },
	{ record_id: '333', updated_fields: { name: 'c' } },
]);
const byFilter = batchOf<UpdateEntry>([
	{ filter: { id: 7 }, updated_fields: { id: 7, qty: 1 } },
	{ filter: { id: 8 }, updated_fields: { id: 8, qty: 2 } },
	{ filter: { id: 9 }, updated_fields: { id: 9, qty: 3 } },
]);

/** The reply's refusals as "position:reason" (a trailing "?" when maybe), in position order. */
function refusals(body: unknown, batch: Batch<UpdateEntry>): string[] {
	const read = update().readReply(body, batch);
	if (!read.ok) throw new Error(`not accepted: ${read.failure.message}`);
	return (read.accepted.refusedRecords ?? []).map((r) => `${r.position}${r.maybe ? '?' : ''}`).sort();
}
const reasonsOf = (body: unknown, batch: Batch<UpdateEntry>) => {
	const read = update().readReply(body, batch);
	return read.ok ? Object.fromEntries((read.accepted.refusedRecords ?? []).filter((r) => !r.maybe).map((r) => [r.position, r.reason])) : undefined;
};

/** Whether the reply's failure naming `named` (its update_data) is placed on the batch's one entry `entry`. */
function placedOn(entry: Omit<UpdateEntry, 'updated_fields'>, named: unknown): boolean {
	const reply = { success_count: 0, fail_count: 1, fail_detail: [{ update_data: named, fail_reason: 'no' }] };
	return refusals(reply, batchOf<UpdateEntry>([{ ...entry, updated_fields: { name: 'x' } }])).join() === '0';
}

describe("placing a reply's failures on the entries sent", () => {
	it('finds an entry by its record id, else by its filter column and value as text', () => {
		expect(placedOn({ record_id: '123456' }, { record_id: 123456 })).toBe(true);
		expect(placedOn({ record_id: '123456' }, { record_id: '123456', filter: { id: 1 } })).toBe(true);
		expect(placedOn({ filter: { id: '789' } }, { filter: { id: 789 } })).toBe(true);
		expect(placedOn({ filter: { id: 789 } }, { record_id: null, filter: { id: 789 } })).toBe(true);
		expect(placedOn({ filter: { id: 789 } }, { record_id: '', filter: { id: 789 } })).toBe(true);
		expect(placedOn({ filter: { active: 'true' } }, { filter: { active: true } })).toBe(true);
	});

	it('tells apart ids, columns and values, and an id from a filter', () => {
		const entries: Array<Omit<UpdateEntry, 'updated_fields'>> = [{ record_id: '1' }, { record_id: '2' }, { filter: { id: 1 } }, { filter: { id: 2 } }, { filter: { sku: 1 } }, { filter: { id: '1 ' } }];
		for (const [sent, entry] of entries.entries()) {
			for (const [named, other] of entries.entries()) expect([entry, other, placedOn(entry, other)]).toEqual([entry, other, sent === named]);
		}
	});

	it('places nothing on a failure naming no id and no filter with a column', () => {
		for (const named of [{}, { record_id: undefined }, { record_id: '' }, { filter: {} }, { filter: null }, { filter: 'id=1' }]) {
			expect([named, placedOn({ filter: { id: 1 } }, named), placedOn({ record_id: '1' }, named)]).toEqual([named, false, false]);
		}
	});
});

describe('the update endpoint', () => {
	it('posts the table id, is_create as asked, and the entries as they are', () => {
		expect(update().path).toBe('/v2/database/update/record');
		expect(update().body(byId)).toEqual({ table_id: TABLE_ID, is_create: false, update_data: byId.records });
		expect(update(true).body(byFilter)).toEqual({ table_id: TABLE_ID, is_create: true, update_data: byFilter.records });
		expect(update().resendAfterLostReply).toBe(true);
	});

	it('has the limits of 100 records and 5 MB, and measures a request as the body sent', () => {
		const { limits } = update();
		expect([limits.maxRecords, limits.maxBytes]).toEqual([100, 5 * 1024 * 1024]);
		expect(UPDATE_MAX_BYTES).toBe(limits.maxBytes);
		const meter = limits.newMeter(Infinity);
		expect(meter).toBeInstanceOf(JsonSizeMeter);
		const entries: UpdateEntry[] = Array.from({ length: 100 }, (_, i) => ({ filter: { sku: `sku-${i}` }, updated_fields: { name: `naïve ${'😀'.repeat(i)}`, qty: i } }));
		entries.forEach((entry) => expect(meter.tryAdd(entry)).toBe(true));
		expect(meter.bytes).toBe(Buffer.byteLength(JSON.stringify(update().body(batchOf(entries)))));
		const one = update().limits.newMeter(Infinity);
		one.tryAdd(entries[1]);
		expect(one.bytes).toBe(Buffer.byteLength(JSON.stringify(update().body(batchOf([entries[1]])))));
	});

	it('keeps each request within 100 records and 5 MB', () => {
		const planner = new BatchPlanner(update().limits);
		const small = (i: number): UpdateEntry => ({ record_id: String(i), updated_fields: { n: i } });
		for (let i = 0; i < 250; i++) expect(planner.add(i, small(i))).toBe(true);
		expect(planner.finish().map((b) => b.records.length)).toEqual([100, 100, 50]);

		const big = (i: number): UpdateEntry => ({ record_id: String(i), updated_fields: { text: 'x'.repeat(1024 * 1024) } });
		const bytes = new BatchPlanner(update().limits);
		for (let i = 0; i < 12; i++) expect(bytes.add(i, big(i))).toBe(true);
		const batches = bytes.finish();
		expect(batches.map((b) => b.records.length)).toEqual([4, 4, 4]);
		for (const batch of batches) {
			expect(batch.bytes).toBeLessThanOrEqual(UPDATE_MAX_BYTES);
			expect(Buffer.byteLength(JSON.stringify(update().body(batch)))).toBeLessThanOrEqual(batch.bytes);
		}
		// A record over the limit alone cannot go.
		expect(new BatchPlanner(update().limits).add(0, { record_id: '1', updated_fields: { text: 'x'.repeat(UPDATE_MAX_BYTES) } })).toBe(false);
	});

	it('reads the counts bare or in an envelope, as numbers or numeric text, under either name', () => {
		const bodies = [
			{ totalCount: 3, success_count: 3, fail_count: 0 },
			{ total_count: '3', success_count: '3', fail_count: '0' },
			{ code: 0, message: 'success', data: { total_count: '3', success_count: '3', fail_count: '0', fail_detail: [] } },
			{ code: 0, message: 'OK', data: { totalCount: 3, successCount: 3, failCount: 0 } },
		];
		for (const body of bodies) expect([body, update().readReply(body, byId)]).toEqual([body, { ok: true, accepted: { reply: { successCount: 3, failCount: 0 }, refusedRecords: [] } }]);
		expect(update().readReply({ success_count: 'n/a', fail_count: 0 }, byId)).toEqual({ ok: true, accepted: { reply: { successCount: undefined, failCount: 0 }, refusedRecords: [] } });
	});

	it('places each failure of fail_detail on its record, by record id or by filter value, in any published form', () => {
		// As the published example and the emulator send it: the entry's target echoed with its values.
		const published = { totalCount: 3, success_count: 2, fail_count: 1, fail_detail: [{ upsert_data: { record_id: '222', value: { name: 'b' } }, fail_reason: 'Invalid email format' }] };
		expect(refusals(published, byId)).toEqual(['1']);
		expect(reasonsOf(published, byId)).toEqual({ 1: 'Invalid email format' });

		// The filter's value echoed as text matches the number sent; camelCase names; update_data; reason.
		const wrapped = {
			code: 0,
			message: 'success',
			data: {
				total_count: '3',
				success_count: '1',
				failCount: '2',
				failDetail: [
					{ update_data: { filter: { id: '9' }, value: {} }, reason: 'no record matches' },
					{ upsert_data: { filter: { id: 7 }, value: {} }, fail_reason: "(1062, \"Duplicate entry '7' for key 'products.id'\")" },
				],
			},
		};
		expect(refusals(wrapped, byFilter)).toEqual(['0', '2']);
		expect(reasonsOf(wrapped, byFilter)).toEqual({ 0: "(1062, \"Duplicate entry '7' for key 'products.id'\")", 2: 'no record matches' });

		// A failure without a reason is still placed.
		expect(refusals({ fail_count: 1, fail_detail: [{ upsert_data: { record_id: '333' } }] }, byId)).toEqual(['2']);
	});

	it('leaves every record it cannot rule out as maybe not written when failures are counted but not named', () => {
		// Counted, none named.
		expect(refusals({ totalCount: 3, success_count: 1, fail_count: 2, fail_detail: [] }, byId)).toEqual(['0?', '1?', '2?']);
		expect(refusals({ success_count: '2', fail_count: '1' }, byId)).toEqual(['0?', '1?', '2?']);
		// Two counted, one named: the named one is refused, the others may be the second.
		expect(refusals({ fail_count: 2, fail_detail: [{ upsert_data: { record_id: '111' }, fail_reason: 'x' }] }, byId)).toEqual(['0', '1?', '2?']);
		// Named, but not a record of this batch, or not by id or filter.
		expect(refusals({ fail_count: 1, fail_detail: [{ upsert_data: { record_id: '999' }, fail_reason: 'x' }] }, byId)).toEqual(['0?', '1?', '2?']);
		expect(refusals({ fail_count: 1, fail_detail: [{ upsert_data: { filter: { sku: 7 } }, fail_reason: 'x' }] }, byFilter)).toEqual(['0?', '1?', '2?']);
		expect(refusals({ fail_count: 1, fail_detail: [{ fail_reason: 'x' }] }, byId)).toEqual(['0?', '1?', '2?']);
		expect(refusals({ fail_count: 1, fail_detail: [{ upsert_data: { value: {} }, fail_reason: 'x' }] }, byId)).toEqual(['0?', '1?', '2?']);
		// Details are failures even when the count is missing.
		expect(refusals({ fail_detail: [{ upsert_data: { record_id: '999' } }] }, byId)).toEqual(['0?', '1?', '2?']);
		// One record named twice is one failure placed of two.
		expect(refusals({ fail_count: 2, fail_detail: [{ upsert_data: { record_id: '111' } }, { upsert_data: { record_id: '111' } }] }, byId)).toEqual(['0', '1?', '2?']);
	});

	it('gives no failure when none is counted or named', () => {
		for (const body of [{ fail_count: 0 }, { fail_count: '0', fail_detail: [] }, { fail_count: 0, fail_detail: null }, { fail_detail: [] }]) expect([body, refusals(body, byId)]).toEqual([body, []]);
	});

	it('reads a reply that is not an object, or says nothing of what it did, as a lost reply, never as a write that took nothing', () => {
		const silent = [{}, { code: 0, message: 'OK' }, { code: 0, message: 'OK', data: {} }, { totalCount: 3 }, { totalCount: 3, success_count: 'n/a' }, { fail_detail: 'none' }];
		for (const body of [undefined, null, '', 'OK', 3, true, { code: 0, message: 'OK', data: null }, { code: 0, message: 'OK', data: 'done' }, ...silent]) {
			const read = update().readReply(body, byId);
			expect([body, read]).toEqual([body, { ok: false, failure: expect.objectContaining({ outcomeUnknown: true, retryable: false }) }]);
		}
	});
});

describe('the delete endpoint', () => {
	const remove = deleteRecordsEndpoint({ tableId: TABLE_ID });
	const entries = batchOf<DeleteEntry>([{ record_id: '123456' }, { filter: { id: 789 } }]);

	it('posts the table id and the entries, and takes a 2xx JSON object as done, any other body as a lost reply', () => {
		expect(remove.path).toBe('/v2/database/delete/record');
		expect(remove.body(entries)).toEqual({ table_id: TABLE_ID, delete_data: [{ record_id: '123456' }, { filter: { id: 789 } }] });
		for (const body of [{ code: 0, message: 'OK' }, {}]) expect(remove.readReply(body, entries)).toEqual({ ok: true, accepted: { reply: null } });
		for (const body of [undefined, null, '', [], 'OK']) expect(remove.readReply(body, entries)).toMatchObject({ ok: false, failure: { outcomeUnknown: true } });
		expect(remove.resendAfterLostReply).toBe(true);
	});

	it('has the limits of 1000 entries and 5 MB, measured as JSON', () => {
		expect([remove.limits.maxRecords, remove.limits.maxBytes]).toEqual([1000, UPDATE_MAX_BYTES]);
		const planner = new BatchPlanner(remove.limits);
		for (let i = 0; i < 2500; i++) expect(planner.add(i, { filter: { sku: `sku-${i}` } })).toBe(true);
		const batches = planner.finish();
		expect(batches.map((b) => b.records.length)).toEqual([1000, 1000, 500]);
		for (const batch of batches) expect(Buffer.byteLength(JSON.stringify(remove.body(batch)))).toBe(batch.bytes);
		expect(remove.limits.newMeter(Infinity)).toBeInstanceOf(JsonSizeMeter);
	});
});

describe('the update endpoint as the engine sends it', () => {
	it("posts the endpoint's body to its path and reads the reply", async () => {
		const posts: Array<[string, object]> = [];
		const post: PostJson = async (path, body) => (posts.push([path, body]), { ok: true, body: { totalCount: 3, success_count: 3, fail_count: 0 } });
		const options = endpointOptions(update(true), post);
		expect(await options.send(byFilter)).toEqual({ ok: true, accepted: { reply: { successCount: 3, failCount: 0 }, refusedRecords: [] } });
		expect(posts).toEqual([['/v2/database/update/record', { table_id: TABLE_ID, is_create: true, update_data: byFilter.records }]]);
		expect(options.resendAfterLostReply).toBe(true);
	});

	it('passes a failed request on as it is', async () => {
		const failure: ApiFailure = { message: 'The API rejected the request (parameter error)', code: 40000, httpStatus: 200, serverMessage: 'bad filter' };
		const options = endpointOptions(update(), async () => ({ ok: false, failure }));
		expect(await options.send(byId)).toEqual({ ok: false, failure });
	});
});

describe('a reply that does not say what was written', () => {
	const endpoint = updateRecordsEndpoint({ tableId: 't', create: true });
	const batch = { number: 1, records: [{ filter: { id: 'a' }, updated_fields: {} }, { filter: { id: 'b' }, updated_fields: {} }], itemIndexes: [0, 1], bytes: 0 };

	it('a list is a lost reply, not a success', () => {
		expect(endpoint.readReply([], batch)).toMatchObject({ ok: false, failure: { outcomeUnknown: true } });
	});

	it('counts that do not add up to the records sent leave the unnamed ones as maybe not written', () => {
		const read = endpoint.readReply({ success_count: 1, fail_count: 0, fail_detail: [] }, batch);
		expect(read.ok && read.accepted.refusedRecords).toEqual([
			{ position: 0, reason: expect.any(String), maybe: true },
			{ position: 1, reason: expect.any(String), maybe: true },
		]);
	});
});

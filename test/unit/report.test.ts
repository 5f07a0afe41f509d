import { apiFailure, type ApiFailure } from '../../nodes/AltaTech/core/apiErrors';
import { runBulk, type BulkOptions } from '../../nodes/AltaTech/core/bulk/engine';
import type { AcceptedOutcome, Batch, Outcome, RecordRefusal, SendResult } from '../../nodes/AltaTech/core/bulk/outcome';
import { halvesOf } from '../../nodes/AltaTech/core/bulk/plan';
import { importRecordsEndpoint, type ImportReply } from '../../nodes/AltaTech/core/endpoints/importRecords';
import { importPreparer, planWrite } from '../../nodes/AltaTech/core/pipeline';
import { buildReport, outcomeProblem, visitItems, withFailures, type WriteReport } from '../../nodes/AltaTech/core/report';
import type { ItemProblem } from '../../nodes/AltaTech/core/rules';
import type { TableRecord, TableSchema } from '../../nodes/AltaTech/core/types';

type Report = WriteReport<TableRecord, ImportReply>;

const batchOf = (number: number, itemIndexes: number[]): Batch<TableRecord> => ({ number, records: itemIndexes.map((n) => ({ n })), itemIndexes, bytes: 0 });
const timing = { retries: 0, durationMs: 0 };
const refusal: ApiFailure = apiFailure({ httpStatus: 400, code: 40000, serverMessage: 'bad record' });
const serverError: ApiFailure = apiFailure({ httpStatus: 500, code: 50000 });
const lost: ApiFailure = apiFailure({ outcomeUnknown: true, message: 'no answer' });
const accepted = (batch: Batch<TableRecord>, taskId = 't1', refusedRecords?: RecordRefusal[]): AcceptedOutcome<TableRecord, ImportReply> => ({
	kind: 'accepted',
	batch,
	accepted: { reply: { taskId }, ...(refusedRecords ? { refusedRecords } : {}) },
	afterLostReply: false,
	...timing,
});

/** Every item once, as [itemIndex, 'written' | rule], in input order. */
function items(report: Report): Array<[number, string]> {
	const seen: Array<[number, string]> = [];
	visitItems(report, { written: (itemIndex) => seen.push([itemIndex, 'written']), failed: (problem) => seen.push([problem.itemIndex, problem.rule]) });
	return seen.sort(([a], [b]) => a - b);
}

/** The engine as the node runs it, with an in-memory server and a clock that does not wait. */
function bulkOptions(send: (batch: Batch<TableRecord>) => Promise<SendResult<ImportReply>>, options: Partial<BulkOptions<TableRecord, ImportReply>> = {}): BulkOptions<TableRecord, ImportReply> {
	return {
		send,
		halves: halvesOf(importRecordsEndpoint({ tableId: 't', recordFormat: 'values', hasUniqueColumns: false }).limits),
		resendAfterLostReply: false,
		stopOnFailure: false,
		stopOnRefusal: false,
		concurrency: 2,
		intervalMs: 0,
		retry: { maxRetries: 0, baseDelayMs: 0 },
		clock: { now: () => 0, sleep: async () => undefined },
		isCancelled: () => false,
		...options,
	};
}

describe('the report of a write', () => {
	const schema: TableSchema = { fields: [{ name: 'n', type: 'INT', required: true, unique: false }] };

	/**
	 * 50 rows, 10 per batch: row 7 is invalid, the server refuses any request holding row 23 and
	 * fails batch 4 as a whole. Row 7 never enters a batch, so batch 4 holds rows 31 to 40.
	 */
	async function run(): Promise<Report> {
		const itemIndexes = Array.from({ length: 50 }, (_, itemIndex) => itemIndex);
		const rows = { itemIndexes, fields: itemIndexes.map((itemIndex) => (itemIndex === 7 ? { n: 'seven' } : { n: itemIndex })) };
		const preparer = importPreparer(schema, 'fail');
		const plan = planWrite(rows, preparer.prepare, importRecordsEndpoint({ tableId: 't', recordFormat: 'values', batchSize: 10, hasUniqueColumns: false }).limits, preparer.release);
		let tasks = 0;
		const result = await runBulk(
			plan.batches,
			bulkOptions(async (batch) => {
				await new Promise((resolve) => setImmediate(resolve));
				if (batch.number === 4) return { ok: false, failure: serverError };
				if (batch.records.some((record) => record.n === 23)) return { ok: false, failure: refusal };
				return { ok: true, accepted: { reply: { taskId: `task-${++tasks}` } } };
			}),
		);
		return buildReport(plan.problems, result.outcomes, plan.ignoredFields, result.stats);
	}

	it('lists only the items not written; the written ones are read from the requests', async () => {
		const report = await run();
		expect(report.failures.map((f) => [f.itemIndex, f.rule])).toEqual([
			[7, 'type'],
			[23, 'rejected'],
			...[31, 32, 33, 34, 35, 36, 37, 38, 39, 40].map((itemIndex) => [itemIndex, 'request']),
		]);
		// Batch 3 (items 21 to 30) was isolated down to item 23 in 6 more requests.
		expect(report.stats).toEqual({ items: 50, written: 38, failed: 12, notSent: 0, batches: 5, requests: 11, extraRequests: 6 });
		expect(items(report)).toEqual(Array.from({ length: 50 }, (_, i) => [i, report.failures.find((f) => f.itemIndex === i)?.rule ?? 'written']));
	});

	it('tells each written item its own record and the request that carried it', async () => {
		const report = await run();
		const taskOf = new Map<number, string>();
		visitItems(report, {
			written: (itemIndex, record, outcome) => {
				expect(record).toEqual({ n: itemIndex });
				taskOf.set(itemIndex, outcome.accepted.reply.taskId);
			},
			failed: () => undefined,
		});
		expect(taskOf.size).toBe(38);
		// Items 21-30 went in parts after the refusal: several requests, one task each.
		expect(new Set([21, 22, 24, 25, 26, 27, 28, 29, 30].map((i) => taskOf.get(i))).size).toBeGreaterThan(1);
		expect(taskOf.get(0)).toBe(taskOf.get(10));
	});
});

describe('what each item of a request that wrote nothing is told', () => {
	const one = batchOf(1, [4]);
	const three = batchOf(1, [4, 5, 6]);
	it.each<[string, Outcome<TableRecord, ImportReply>, string | undefined]>([
		['accepted', accepted(three), undefined],
		['a record refused alone', { kind: 'refused', batch: one, failure: refusal, afterLostReply: false, ...timing }, 'rejected'],
		['records refused together', { kind: 'refused', batch: three, failure: refusal, afterLostReply: false, ...timing }, 'notIsolated'],
		['refused when sent again after a lost reply', { kind: 'refused', batch: one, failure: refusal, afterLostReply: true, ...timing }, 'outcomeUnknown'],
		['a failed request', { kind: 'failed', batch: three, failure: serverError, ...timing }, 'request'],
		['a lost reply', { kind: 'replyLost', batch: three, failure: lost, heldBack: false, ...timing }, 'outcomeUnknown'],
		['held back after a lost reply', { kind: 'replyLost', batch: three, heldBack: true, ...timing }, 'outcomeUnknown'],
		['not sent', { kind: 'notSent', batch: three }, 'notSent'],
		['cancelled before it went', { kind: 'cancelled', batch: three, mayBeStored: false }, 'cancelled'],
		['cancelled on its way', { kind: 'cancelled', batch: three, mayBeStored: true }, 'outcomeUnknown'],
	])('%s', (_case, outcome, rule) => {
		expect(outcomeProblem(outcome, 5)?.rule).toBe(rule);
		if (rule) expect(outcomeProblem(outcome, 5)).toEqual({ itemIndex: 5, rule, message: expect.any(String) });
		const report = buildReport([], [outcome]);
		expect(items(report)).toEqual(outcome.batch.itemIndexes.map((i) => [i, rule ?? 'written']));
	});

	it("counts records not sent apart from the failed ones, and in the items", () => {
		const report = buildReport([{ itemIndex: 0, rule: 'type', message: 'bad' }], [accepted(batchOf(1, [1, 2])), { kind: 'notSent', batch: batchOf(2, [3, 4]) }]);
		expect(report.stats).toEqual({ items: 5, written: 2, failed: 1, notSent: 2, batches: 0, requests: 0, extraRequests: 0 });
	});
});

describe('building and amending the report', () => {
	it('fails the records an accepted reply names as refused, at their own items', () => {
		const outcome = accepted(batchOf(1, [10, 11, 12]), 't', [{ position: 2, reason: 'duplicate' }, { position: 0, reason: 'too long' }]);
		const report = buildReport([], [outcome]);
		expect(items(report)).toEqual([[10, 'rejected'], [11, 'written'], [12, 'rejected']]);
		expect(report.failures.map((f) => f.message)).toEqual([expect.stringContaining('too long'), expect.stringContaining('duplicate')]);
		expect(report.stats).toMatchObject({ items: 3, written: 1, failed: 2 });
		// A record the reply may count among failures it does not name is not told it was written.
		const unnamed = buildReport([], [accepted(batchOf(1, [10, 11])), accepted(batchOf(2, [12, 13]), 't2', [{ position: 1, reason: 'counted, not named', maybe: true }])]);
		expect(items(unnamed)).toEqual([[10, 'written'], [11, 'written'], [12, 'written'], [13, 'rowMaybeDropped']]);
		expect(unnamed.stats).toMatchObject({ items: 4, written: 3, failed: 1 });
	});

	it('merges the problems of one item into one, keeping the first rule and field, in input order', () => {
		const problems: ItemProblem[] = [
			{ itemIndex: 9, field: 'b', rule: 'required', message: 'first' },
			{ itemIndex: 2, rule: 'notEmpty', message: 'only' },
			{ itemIndex: 9, field: 'c', rule: 'uniqueRepeat', message: 'second' },
		];
		const report = buildReport(problems);
		expect(report.failures.map((f) => [f.itemIndex, f.field, f.rule])).toEqual([[2, undefined, 'notEmpty'], [9, 'b', 'required']]);
		expect(report.failures[1].message).toMatch(/^first; .*"c".*second$/);
		expect(report.stats).toMatchObject({ items: 2, written: 0, failed: 2 });
	});

	it('adds failures found later (an import task), moving their items from written to failed', () => {
		const report = buildReport([{ itemIndex: 0, rule: 'type', message: 'bad' }], [accepted(batchOf(1, [1, 2, 3]))]);
		expect(withFailures(report, [])).toBe(report);
		const amended = withFailures(report, [{ itemIndex: 2, rule: 'rowDropped', message: 'dropped' }]);
		expect(items(amended)).toEqual([[0, 'type'], [1, 'written'], [2, 'rowDropped'], [3, 'written']]);
		expect(amended.stats).toMatchObject({ items: 4, written: 2, failed: 2, notSent: 0 });
		expect(items(report)).toEqual([[0, 'type'], [1, 'written'], [2, 'written'], [3, 'written']]);
	});
});

describe('parts held back when another request stops the run', () => {
	it('are reported as possibly stored when their request lost a reply before, never as not sent', async () => {
		// A table with unique columns. Batch 1's first attempt loses its reply after the server stored
		// its rows; its re-send is refused (already stored), so its halves are to be sent. Meanwhile
		// batch 2 fails for good, which stops the run before the halves go.
		const stored = new Set<number>();
		let batch2Failed!: () => void;
		const batch2HasFailed = new Promise<void>((resolve) => (batch2Failed = resolve));
		const tick = () => new Promise((resolve) => setImmediate(resolve));
		let firstBatchCalls = 0;
		let resendStarted!: () => void;
		const resendHasStarted = new Promise<void>((resolve) => (resendStarted = resolve));
		const send = async (batch: Batch<TableRecord>): Promise<SendResult<ImportReply>> => {
			if (batch.number === 2) {
				// Batch 2 fails once batch 1's re-send is out: no request starts after that failure.
				await resendHasStarted;
				batch2Failed();
				return { ok: false, failure: apiFailure({ httpStatus: 401, code: 40127 }) };
			}
			if (++firstBatchCalls === 1) {
				batch.itemIndexes.forEach((i) => stored.add(i));
				return { ok: false, failure: lost };
			}
			resendStarted();
			// The re-send is answered once batch 2 has failed and the run has taken it in.
			await batch2HasFailed;
			for (let i = 0; i < 5; i++) await tick();
			return { ok: false, failure: apiFailure({ httpStatus: 400, code: 40000, serverMessage: 'records[0] already exists' }) };
		};
		const sent: number[][] = [];
		const result = await runBulk([batchOf(1, [0, 1, 2, 3]), batchOf(2, [4, 5, 6, 7])], {
			...bulkOptions(async (batch) => (sent.push(batch.itemIndexes), await send(batch)), { stopOnFailure: true, resendAfterLostReply: true, retry: { maxRetries: 2, baseDelayMs: 0 } }),
		});
		expect([...stored]).toEqual([0, 1, 2, 3]);
		expect(sent).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [0, 1, 2, 3]]);
		expect(result.outcomes.map((o) => [o.kind, o.batch.itemIndexes, o.kind === 'replyLost' && o.heldBack])).toEqual([
			['replyLost', [0, 1], true],
			['replyLost', [2, 3], true],
			['failed', [4, 5, 6, 7], false],
		]);
		const report = buildReport([], result.outcomes, new Map(), result.stats);
		expect(items(report)).toEqual([...[0, 1, 2, 3].map((i): [number, string] => [i, 'outcomeUnknown']), ...[4, 5, 6, 7].map((i): [number, string] => [i, 'request'])]);
		expect(report.stats.notSent).toBe(0);
	});
});

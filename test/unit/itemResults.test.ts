import { batchItems, failureToThrow, OutputItems, summaryHint } from '../../nodes/AltaTech/actions/tableData/itemResults';
import { makeBatch } from '../../nodes/AltaTech/core/batch';
import { buildReport, type ImportReport } from '../../nodes/AltaTech/core/report';
import type { BatchOutcome } from '../../nodes/AltaTech/core/types';
import { applyTaskResults, pendingStatus, type TaskStatus } from '../../nodes/AltaTech/core/track';

/** What n8n hands the node, as far as building an error needs. */
const context = { getNode: () => ({ id: 'n1', name: 'AltaTech', type: 'n8n-nodes-altatech.altaTech', typeVersion: 1, position: [0, 0], parameters: {} }) } as never;

const accepted = (rows: number, extra: Record<string, unknown> = {}) => {
	const batch = makeBatch(1, Array.from({ length: rows }, (_, i) => ({ n: i })), Array.from({ length: rows }, (_, i) => i));
	return buildReport([], [{ batch, taskId: 't1', ...extra }]);
};
const status = (fields: Partial<TaskStatus>): Map<string, TaskStatus> => new Map([['t1', { ...pendingStatus('t1'), progress: 100, status: 'AVAILABLE', ...fields }]]);

describe('the execution hint', () => {
	it('says nothing when every item went in one request each, and counts with thousands separators otherwise', () => {
		expect(summaryHint([accepted(3)])).toBeUndefined();
		const batches: BatchOutcome[] = [
			{ batch: makeBatch(1, Array.from({ length: 9990 }, (_, i) => ({ n: i })), Array.from({ length: 9990 }, (_, i) => i)), taskId: 't1' },
			{ batch: makeBatch(1, [{ n: -1 }], [9990]), error: { message: 'refused', code: 40000 }, rejectedRecord: true },
		];
		expect(summaryHint([buildReport([], batches)])).toBe('Imported 9,990 item(s) in 2 request(s); 1 failed; 1 extra request(s) isolated records the server rejected.');
	});
});

describe('the error thrown when the node stops', () => {
	it('counts rows a task may have dropped unnamed as "may or may not have been imported", never as nothing imported', () => {
		// 10 rows, 2 dropped, only row 1 named: rows 2-10 may or may not be in the table.
		const report = applyTaskResults(accepted(10), status({ failCount: 2, failDetail: [{ row: 1, rowNumberStart: 0, rowNumberEnd: 0, reason: 'bad' }] }));
		const error = failureToThrow(context, report, []) as Error & { description?: string };
		expect(error.message).toMatch(/^Item 0: AltaTech dropped this row/);
		expect(error.description).toMatch(/9 item\(s\) may or may not have been imported .*re-running the same items may import them twice/);
		expect(error.description).not.toMatch(/Nothing was imported/);
	});
});

describe('the error thrown when the node stops, over several tables', () => {
	const taskOf = (taskId: string, fields: Partial<TaskStatus>): [string, TaskStatus] => [taskId, { ...pendingStatus(taskId), progress: 100, ...fields }];
	const tableReport = (taskId: string, itemIndexes: number[]) =>
		buildReport([], [{ batch: makeBatch(1, itemIndexes.map((n) => ({ n })), itemIndexes), taskId }]);
	const duplicate = { row: null, rowNumberStart: 1, rowNumberEnd: 2, reason: "(1062, \"Duplicate entry 'x'\")" };

	it("counts every table's failed items and names the first in input order", () => {
		// Table A (items 2 and 3) stops the node; table B (items 0 and 1) failed too.
		const statuses = new Map([taskOf('ta', { status: 'FAIL', failCount: 2, failDetail: [duplicate] }), taskOf('tb', { status: 'FAIL', failCount: 2, failDetail: [duplicate] })]);
		const a = applyTaskResults(tableReport('ta', [2, 3]), statuses);
		const b = applyTaskResults(tableReport('tb', [0, 1]), statuses);
		const error = failureToThrow(context, a, [b], statuses) as Error & { description?: string };
		expect(error.message).toMatch(/^Item 0: the import task tb failed on AltaTech/);
		expect(error.description).toMatch(/^Rule: importFailed\. 3 other item\(s\) failed too\. Nothing was imported\. Check the failed items against the table/);
	});

	it('does not call the items of a task still running, or of a failed one, imported', () => {
		const statuses = new Map([taskOf('ta', { status: 'PENDING_PARSE', progress: 40 }), taskOf('tb', { status: 'FAIL', failCount: 2, failDetail: [duplicate] }), taskOf('tc', { status: 'AVAILABLE', successCount: 1, totalCount: 1 })]);
		const a = applyTaskResults(tableReport('ta', [0, 1]), statuses);
		const b = applyTaskResults(tableReport('tb', [2, 3]), statuses);
		const c = applyTaskResults(tableReport('tc', [4]), statuses);
		const error = failureToThrow(context, b, [a, c], statuses) as Error & { description?: string };
		expect(error.description).toContain('1 item(s) were already imported (task ids: tc)');
		expect(error.description).toContain('2 item(s) were sent and may still be imported: their tasks had not finished when the node stopped waiting (task ids: ta)');
		expect(error.description).not.toContain('tb');
	});
});

describe('how a task that failed is told to each item', () => {
	it("gives each item the reason named for its own row, else the task's first", () => {
		const details = [
			{ row: 1, rowNumberStart: 0, rowNumberEnd: 0, reason: 'row one bad' },
			{ row: 12, rowNumberStart: 0, rowNumberEnd: 0, reason: 'row twelve bad' },
		];
		const report = applyTaskResults(accepted(12), status({ status: 'FAIL', failCount: 12, failDetail: details }));
		const messages = report.failures.map((f) => f.problem?.message.replace(/^.*were added: /, ''));
		expect(messages[0]).toBe('row one bad');
		expect(messages[5]).toBe('row one bad');
		expect(messages[11]).toBe('row twelve bad');
	});

	it('reads a finished task whose counts leave more rows dropped than it names, as rows that may be missing', () => {
		// 20 rows, 18 added, fail count missing (0): the two unnamed drops may be any of the 20 rows.
		const report = applyTaskResults(accepted(20), status({ totalCount: 20, successCount: 18, failCount: 0, failDetail: [] }));
		expect(report.failures.map((f) => f.problem?.rule)).toEqual(Array(20).fill('rowMaybeDropped'));
		// Counts that agree, with nothing dropped: nothing reported.
		expect(applyTaskResults(accepted(20), status({ totalCount: 20, successCount: 20, failCount: 0 })).failures).toEqual([]);
		// A success count of 0 in a task that added rows is taken for a missing field, not for 20 drops.
		expect(applyTaskResults(accepted(20), status({ totalCount: 20, successCount: 0, failCount: 0 })).failures).toEqual([]);
	});
});

describe('output mode "batches"', () => {
	it('a request that failed after a lost reply says its rows may be in, with what the server said', () => {
		const batch = makeBatch(1, [{ n: 0 }, { n: 1 }], [0, 1]);
		const error = { message: 'The API rejected the request (parameter error)', serverMessage: 'value "p0" already exists', code: 40000, httpStatus: 400 };
		const report = buildReport([], [{ batch, error, afterLostReply: true }]);
		const [item] = batchItems([report]);
		expect(item.json.error).toMatch(/^Request 1 \(items 0 to 1\): the server refused the request holding this record when it was sent again: "value "p0" already exists"\. An earlier attempt lost its reply and may have imported it/);
	});

	it('reports a re-send whose task failed once, as its request, not again per item', () => {
		const statuses = status({ status: 'FAIL', failCount: 3, failDetail: [{ row: null, rowNumberStart: 1, rowNumberEnd: 3, reason: "(1062, \"Duplicate entry 'x'\")" }] });
		const report = applyTaskResults(accepted(3, { resentAfterUnknown: true }), statuses);
		const output = batchItems([report], statuses);
		expect(output).toHaveLength(1);
		expect(output[0].json.error).toMatch(/^Request 1 \(items 0 to 2\): the import task t1 failed on AltaTech.*Sent again after the reply to an earlier attempt was lost/);
	});
});

describe('output items', () => {
	// Items 0-3 accepted (task a), 4 invalid, 5-6 accepted (task b), 7-8 in a failed request, 9 not sent.
	const records = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ n: from + i }));
	const indexes = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
	const outcomes = (): BatchOutcome[] => [
		{ batch: makeBatch(1, records(0, 4), indexes(0, 4)), taskId: 'a' },
		{ batch: makeBatch(2, records(5, 7), indexes(5, 7)), taskId: 'b', resentAfterUnknown: true },
		{ batch: makeBatch(3, records(7, 9), indexes(7, 9)), error: { message: 'HTTP 500' } },
		{ batch: makeBatch(4, records(9, 10), indexes(9, 10)), notSent: true },
	];
	const report = (batches: BatchOutcome[]): ImportReport =>
		buildReport([{ itemIndex: 4, field: 'n', rule: 'type', message: 'not a number' }], batches, new Map([[6, ['extra']]]));

	it('are the same whether accepted requests were turned into items while later ones were in flight or at the end', () => {
		const atTheEnd = new OutputItems(10).finish([report(outcomes())]);
		expect(atTheEnd.map((item) => item.pairedItem)).toEqual(indexes(0, 10).map((item) => ({ item })));
		expect(atTheEnd.map((item) => item.json.taskId ?? item.json.error)).toEqual([
			'a', 'a', 'a', 'a', 'Item 4, field "n": not a number', 'b', 'b',
			expect.stringMatching(/^Item 7: HTTP 500/), expect.stringMatching(/^Item 8: HTTP 500/), 'Item 9: not sent, because an earlier request failed',
		]);
		expect(atTheEnd[6].json).toMatchObject({ values: { n: 6 }, ignoredFields: ['extra'], note: expect.stringMatching(/^Sent again/) });
		for (const builtInFlight of [[0], [1], [0, 1]]) {
			const batches = outcomes();
			const output = new OutputItems(10);
			for (const position of builtInFlight) output.addAccepted(batches[position], new Map([[6, ['extra']]]));
			expect(output.finish([report(batches)])).toEqual(atTheEnd);
		}
	});

	it('carry, after waiting, the fields of their own task', () => {
		const task = (taskId: string, successCount: number): [string, TaskStatus] => [taskId, { ...pendingStatus(taskId), progress: 100, status: 'AVAILABLE', totalCount: successCount, successCount }];
		const output = new OutputItems(10).finish([report(outcomes())], new Map([task('a', 4), task('b', 2)]));
		expect(output.map((item) => item.json.successCount)).toEqual([4, 4, 4, 4, undefined, 2, 2, undefined, undefined, undefined]);
	});
});

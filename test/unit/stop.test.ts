import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { failureToThrow, mustStop, summaryHint } from '../../nodes/AltaTech/actions/tableData/stop';
import { apiFailure, type ApiFailure } from '../../nodes/AltaTech/core/apiErrors';
import type { Batch, Outcome } from '../../nodes/AltaTech/core/bulk/outcome';
import type { ImportReply } from '../../nodes/AltaTech/core/endpoints/importRecords';
import { describeItems, describeProblem, failureDetails, itemMessages, runMessages } from '../../nodes/AltaTech/core/messages';
import { buildReport } from '../../nodes/AltaTech/core/report';
import type { ItemProblem } from '../../nodes/AltaTech/core/rules';
import { applyTaskResults, type ImportReport, type TaskStatus } from '../../nodes/AltaTech/core/track';
import type { TableRecord } from '../../nodes/AltaTech/core/types';
import { taskStatus } from './steps';

/** What n8n hands the node, as far as building an error needs. */
const context = { getNode: () => ({ id: 'n1', name: 'AltaTech', type: 'n8n-nodes-altatech.altaTech', typeVersion: 1, position: [0, 0], parameters: {} }) } as never;

type ImportOutcome = Outcome<TableRecord, ImportReply>;
const timing = { retries: 0, durationMs: 0 };
const batchOf = (number: number, itemIndexes: number[]): Batch<TableRecord> => ({ number, records: itemIndexes.map((n) => ({ n })), itemIndexes, bytes: 0 });
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const accepted = (taskId: string, itemIndexes: number[], number = 1): ImportOutcome => ({ kind: 'accepted', batch: batchOf(number, itemIndexes), accepted: { reply: { taskId } }, afterLostReply: false, ...timing });
const report = (outcomes: ImportOutcome[], problems: ItemProblem[] = [], tableId?: string): ImportReport => ({ ...buildReport(problems, outcomes), tableId });
const taskOf = (taskId: string, fields: Partial<TaskStatus>): [string, TaskStatus] => [taskId, taskStatus(taskId, { progress: 100, ...fields })];
const taskIdOf = (outcome: { accepted: { reply: unknown } }) => (outcome.accepted.reply as ImportReply).taskId;
const serverError: ApiFailure = apiFailure({ httpStatus: 500, code: 50000, serverMessage: 'oops' });
const invalid = (itemIndex: number): ItemProblem => ({ itemIndex, field: 'n', rule: 'type', message: 'not a number' });

type ThrownError = Error & { description?: string; context?: { itemIndex?: number } };
const thrown = (...args: Parameters<typeof failureToThrow>) => failureToThrow(...args) as ThrownError;

describe('whether the node stops', () => {
	it('stops on a failed request or a lost reply, on records not sent, and on invalid records only when told to', () => {
		const failed: ImportOutcome = { kind: 'failed', batch: batchOf(1, [0]), failure: serverError, ...timing };
		const lost: ImportOutcome = { kind: 'replyLost', batch: batchOf(1, [0]), heldBack: false, ...timing };
		const notSent: ImportOutcome = { kind: 'notSent', batch: batchOf(2, [1]) };
		for (const failOnInvalidRecord of [true, false]) {
			expect(mustStop(report([failed]), failOnInvalidRecord)).toBe(true);
			expect(mustStop(report([lost]), failOnInvalidRecord)).toBe(true);
			expect(mustStop(report([accepted('t', [0]), notSent]), failOnInvalidRecord)).toBe(true);
			expect(mustStop(report([accepted('t', [0])]), failOnInvalidRecord)).toBe(false);
			expect(mustStop(report([accepted('t', [0])], [invalid(1)]), failOnInvalidRecord)).toBe(failOnInvalidRecord);
		}
	});
});

describe('the execution hint', () => {
	it('says nothing when every item went in one request each, and sums over every table otherwise', () => {
		expect(summaryHint([report([accepted('t', [0, 1, 2])])])).toBeUndefined();
		const big = report([accepted('t1', range(0, 9990)), { kind: 'refused', batch: batchOf(2, [9990]), failure: apiFailure({ code: 40000 }), afterLostReply: false, ...timing }]);
		big.stats = { ...big.stats, requests: 3, extraRequests: 1 };
		expect(summaryHint([big])).toBe(runMessages.summary(9990, 3, 1, 1, 0));
		const ignoring = { ...report([accepted('t2', [9991, 9992])]), ignoredFields: new Map([[9991, ['x']]]) };
		ignoring.stats = { ...ignoring.stats, requests: 1 };
		expect(summaryHint([ignoring])).toBe(runMessages.summary(2, 1, 0, 0, 1));
		expect(summaryHint([big, ignoring])).toBe(runMessages.summary(9992, 4, 1, 1, 1));
	});
});

describe('the error thrown for a request that failed', () => {
	it('names the request that failed, not the parts held back because of it', () => {
		const rejectedKey = apiFailure({ httpStatus: 401, code: 40127 });
		const failed = report([
			{ kind: 'replyLost', batch: batchOf(1, [0, 1]), heldBack: true, ...timing },
			{ kind: 'replyLost', batch: batchOf(1, [2, 3]), heldBack: true, ...timing },
			{ kind: 'failed', batch: batchOf(2, [4, 5]), failure: rejectedKey, ...timing },
		]);
		const error = thrown(context, failed, [], { taskIdOf });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(runMessages.failedRequest(rejectedKey.message, undefined, 2, describeItems([4, 5])));
		expect(error.description).toContain(runMessages.maybeStored(4));
		// An update or delete (no import task) says so in its own words: running it again is safe.
		expect(thrown(context, failed, []).description).toContain(runMessages.matchedRerun([runMessages.maybeWritten(4)]));
	});

	it("names the request, its table and items, with the server's details and what is already imported", () => {
		const failed = report([accepted('t1', [0, 1]), { kind: 'failed', batch: batchOf(2, [2, 3]), failure: serverError, ...timing }, { kind: 'notSent', batch: batchOf(3, [4]) }], [], 'tbl');
		const error = thrown(context, failed, [], { taskIdOf });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(runMessages.failedRequest(serverError.message, 'tbl', 2, describeItems([2, 3])));
		expect(error.description).toBe(`${failureDetails(serverError)} ${runMessages.rerunWarning([runMessages.accepted(2, ['t1'])])}`);
		expect(error.context?.itemIndex).toBe(2);
	});

	it('says a lost reply may have imported the records, and is an operation error when nothing answered', () => {
		const lost = apiFailure({ outcomeUnknown: true, message: 'no answer' });
		const error = thrown(context, report([{ kind: 'replyLost', batch: batchOf(1, [5]), failure: lost, heldBack: false, ...timing }]), [], { taskIdOf });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(runMessages.failedRequest(itemMessages.replyLost(lost), undefined, 1, describeItems([5])));
		// The lost request's item may be in the table.
		expect(error.description).toBe(runMessages.rerunWarning([runMessages.maybeStored(1)]));
	});
});

describe('the error thrown for failed items', () => {
	it('counts rows a task may have dropped unnamed as "may or may not have been imported", never as nothing imported', () => {
		// 10 rows, 2 dropped, only row 1 named: rows 2-10 may or may not be in the table.
		const status = new Map([taskOf('t1', { status: 'AVAILABLE', failCount: 2, failDetail: [{ row: 1, rowNumberStart: 0, rowNumberEnd: 0, reason: 'bad' }] })]);
		const folded = applyTaskResults(report([accepted('t1', range(0, 10))]), status);
		const error = thrown(context, folded, [], { taskIdOf, statuses: status });
		expect(error.message).toBe(describeProblem(folded.failures[0]));
		expect(folded.failures[0].rule).toBe('rowDropped');
		expect(error.description).toBe(`${runMessages.othersFailed(9).trim()} ${runMessages.rerunWarning([runMessages.maybeStored(9)])} ${runMessages.serverAdvice()}`);
	});

	it("counts every table's failed items and names the first in input order", () => {
		const duplicate = { row: null, rowNumberStart: 1, rowNumberEnd: 2, reason: "(1062, \"Duplicate entry 'x'\")" };
		// Table A (items 2 and 3) stops the node; table B (items 0 and 1) failed too.
		const statuses = new Map([taskOf('ta', { status: 'FAIL', failCount: 2, failDetail: [duplicate] }), taskOf('tb', { status: 'FAIL', failCount: 2, failDetail: [duplicate] })]);
		const a = applyTaskResults(report([accepted('ta', [2, 3])]), statuses);
		const b = applyTaskResults(report([accepted('tb', [0, 1])]), statuses);
		const error = thrown(context, a, [b], { taskIdOf, statuses });
		expect(error.message).toBe(describeProblem(b.failures[0]));
		expect(b.failures[0]).toMatchObject({ itemIndex: 0, rule: 'importFailed' });
		expect(error.context?.itemIndex).toBe(0);
		expect(error.description).toBe(`${runMessages.othersFailed(3).trim()} ${runMessages.nothingImported()} ${runMessages.serverAdvice()}`);
	});

	it('does not call the items of a task still running, or of a failed one, imported', () => {
		const duplicate = { row: null, rowNumberStart: 1, rowNumberEnd: 2, reason: 'duplicate' };
		const statuses = new Map([taskOf('ta', { status: 'PENDING_PARSE', progress: 40 }), taskOf('tb', { status: 'FAIL', failCount: 2, failDetail: [duplicate] }), taskOf('tc', { status: 'AVAILABLE', successCount: 1, totalCount: 1 })]);
		const [a, b, c] = [accepted('ta', [0, 1]), accepted('tb', [2, 3]), accepted('tc', [4])].map((outcome) => applyTaskResults(report([outcome]), statuses));
		const error = thrown(context, b, [a, c], { taskIdOf, statuses });
		expect(error.description).toBe(
			`${runMessages.othersFailed(1).trim()} ${runMessages.rerunWarning([runMessages.imported(1, ['tc']), runMessages.unfinished(2, ['ta'])])} ${runMessages.serverAdvice()}`,
		);
	});

	it("leaves out items not sent, gives advice by who decided, and counts written items of writes without tasks", () => {
		const invalidFirst = report([accepted('t', [0, 2]), { kind: 'notSent', batch: batchOf(2, [3]) }], [invalid(1)]);
		const error = thrown(context, invalidFirst, []);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(describeProblem(invalid(1)));
		expect(error.description).toBe(`${runMessages.matchedRerun([runMessages.written(2)])} ${runMessages.nodeAdvice()}`);
	});
});

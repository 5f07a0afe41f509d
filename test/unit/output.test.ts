import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { batchSummary, dryRunItems, errorItem, recordItems, requestItems, taskFields } from '../../nodes/AltaTech/actions/tableData/output';
import { apiFailure, type ApiFailure } from '../../nodes/AltaTech/core/apiErrors';
import type { Batch, Outcome } from '../../nodes/AltaTech/core/bulk/outcome';
import type { ImportReply } from '../../nodes/AltaTech/core/endpoints/importRecords';
import { describeProblem, describeRequest, itemMessages } from '../../nodes/AltaTech/core/messages';
import { buildReport } from '../../nodes/AltaTech/core/report';
import type { ItemProblem } from '../../nodes/AltaTech/core/rules';
import type { ImportReport } from '../../nodes/AltaTech/core/track';
import type { TableRecord } from '../../nodes/AltaTech/core/types';
import { taskStatus } from './steps';

type ImportOutcome = Outcome<TableRecord, ImportReply>;
const timing = { retries: 0, durationMs: 0 };
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const batchOf = (number: number, itemIndexes: number[], bytes = 0): Batch<TableRecord> => ({ number, records: itemIndexes.map((n) => ({ n })), itemIndexes, bytes });
const accepted = (taskId: string, batch: Batch<TableRecord>, afterLostReply = false): ImportOutcome => ({ kind: 'accepted', batch, accepted: { reply: { taskId } }, afterLostReply, ...timing });
const serverError: ApiFailure = apiFailure({ httpStatus: 500, code: 50000 });
const refusal: ApiFailure = apiFailure({ httpStatus: 400, code: 40000, serverMessage: 'value "p0" already exists' });

/** What n8n hands the node: its input items and how it handles errors. */
function contextWith(items: IDataObject[], onError?: 'continueRegularOutput' | 'continueErrorOutput') {
	const input: INodeExecutionData[] = items.map((json) => ({ json }));
	return { getInputData: () => input, getNode: () => ({ id: 'n1', name: 'AltaTech', type: 'n8n-nodes-altatech.altaTech', typeVersion: 1, position: [0, 0], parameters: {}, onError }) } as never;
}

// Items 0-3 accepted (task a), 4 invalid, 5-6 accepted (task b, sent again after a lost reply), 7-8 in a failed request, 9 not sent.
const input = range(0, 10).map((i) => ({ id: `p${i}`, nested: { i } }));
const invalid: ItemProblem = { itemIndex: 4, field: 'n', rule: 'type', message: 'not a number' };
const outcomes = (): ImportOutcome[] => [
	accepted('a', batchOf(1, range(0, 4))),
	accepted('b', batchOf(2, [5, 6]), true),
	{ kind: 'failed', batch: batchOf(3, [7, 8]), failure: serverError, ...timing },
	{ kind: 'notSent', batch: batchOf(4, [9]) },
];
const report = (): ImportReport => ({ ...buildReport([invalid], outcomes(), new Map([[6, ['extra']]])), tableId: 'tbl' });
const written = (itemIndex: number, record: TableRecord, outcome: Extract<ImportOutcome, { kind: 'accepted' }>, r: ImportReport) => ({
	taskId: outcome.accepted.reply.taskId,
	values: record,
	...(r.ignoredFields.get(itemIndex) ? { ignoredFields: r.ignoredFields.get(itemIndex) } : {}),
});

describe('one output item per input item', () => {
	it('in input order: the written ones as the operation tells them, the others as error items with their rule', () => {
		const output = recordItems(contextWith(input, 'continueRegularOutput'), [report()], written);
		expect(output.map((item) => item.pairedItem)).toEqual(range(0, 10).map((item) => ({ item })));
		expect(output.map((item) => item.json.taskId ?? item.json.errorRule)).toEqual(['a', 'a', 'a', 'a', 'type', 'b', 'b', 'request', 'request', 'notSent']);
		expect(output[6].json).toEqual({ taskId: 'b', values: { n: 6 }, ignoredFields: ['extra'] });
		// An error item keeps the input's fields, copied, and says which item, field and rule.
		expect(output[4].json).toEqual({ ...input[4], error: describeProblem(invalid), errorRule: 'type', errorItemIndex: 4, errorField: 'n' });
		expect(output[4].json.nested).not.toBe(input[4].nested);
		expect(output[7].json).toMatchObject({ id: 'p7', errorRule: 'request', errorItemIndex: 7 });
		expect(output[7].json).not.toHaveProperty('errorField');
	});

	it("to the error output: only the error, as n8n tells error items (it adds the input's fields itself)", () => {
		const output = recordItems(contextWith(input, 'continueErrorOutput'), [report()], written);
		expect(output[4]).toEqual({ json: { error: describeProblem(invalid) }, pairedItem: { item: 4 } });
		expect(errorItem(contextWith(input, 'continueErrorOutput'), invalid)).toEqual(output[4]);
	});

	it('over several tables, each item from its own report', () => {
		const tableA = buildReport([], [accepted('a', batchOf(1, [0, 2]))]);
		const tableB = buildReport<TableRecord, ImportReply>([{ itemIndex: 1, rule: 'table', message: 'no such table' }]);
		const output = recordItems(contextWith([{}, {}, {}]), [tableA, tableB], written);
		expect(output.map((item) => item.json.taskId ?? item.json.errorRule)).toEqual(['a', 'table', 'a']);
	});

	it('an input item no report accounts for is a bug said out loud, never an item lost without a word', () => {
		const partial = buildReport([], [accepted('a', batchOf(1, [0, 1]))]);
		expect(() => recordItems(contextWith([{}, {}, {}]), [partial], written)).toThrow(/^Item 2 has no result/);
	});
});

describe('one output item per request', () => {
	it('lists every request that carried records, then the items that failed outside a failed request', () => {
		const output = requestItems([report()], (outcome) => ({ taskId: outcome.accepted.reply.taskId, ...batchSummary(outcome.batch) }));
		expect(output.map((item) => item.json.taskId ?? item.json.error)).toEqual([
			'a',
			'b',
			`${describeRequest(3, [7, 8], 'tbl')}: ${itemMessages.requestFailed(serverError)}`,
			`${describeRequest(4, [9], 'tbl')}: ${itemMessages.notSent()}`,
			describeProblem(invalid),
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([range(0, 4), [5, 6], [7, 8], [9], 4].map((p) => (Array.isArray(p) ? p.map((item) => ({ item })) : { item: p })));
		expect(output[0].json).toEqual({ taskId: 'a', batch: 1, records: 4, csvBytes: 0, firstItemIndex: 0, lastItemIndex: 3 });
	});

	it('lists a record refused alone as its item, and records refused together as their request', () => {
		const alone: ImportOutcome = { kind: 'refused', batch: batchOf(1, [0]), failure: refusal, afterLostReply: false, ...timing };
		const together: ImportOutcome = { kind: 'refused', batch: batchOf(1, [1, 2]), failure: refusal, afterLostReply: false, ...timing };
		const output = requestItems([buildReport([], [alone, together])], () => ({}));
		expect(output.map((item) => [item.json.error, item.pairedItem])).toEqual([
			[`${describeRequest(1, [1, 2])}: ${itemMessages.notIsolated(2, refusal)}`, [{ item: 1 }, { item: 2 }]],
			[describeProblem({ itemIndex: 0, message: itemMessages.rejected(refusal) }), { item: 0 }],
		]);
	});

	it('reports a request that a later check failed (its import task) once, as its request, not again per item', () => {
		const outcome = accepted('t1', batchOf(1, [0, 1, 2]), true);
		const failedTask = { ...buildReport([], [outcome]), failures: [0, 1, 2].map((itemIndex): ItemProblem => ({ itemIndex, rule: 'outcomeUnknown', message: 'task failed' })) };
		const output = requestItems([failedTask], () => ({ error: 'the task failed' }));
		expect(output).toEqual([{ json: { error: 'the task failed' }, pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }] }]);
	});

	it("tells a request that failed after a lost reply what its items are told, naming the request", () => {
		const outcome: ImportOutcome = { kind: 'refused', batch: batchOf(1, [0, 1]), failure: refusal, afterLostReply: true, ...timing };
		const errorOf = (request: ImportOutcome, tableId?: string) => requestItems([{ ...buildReport([], [request]), tableId }], () => ({}))[0].json.error;
		expect(errorOf(outcome, 'tbl')).toBe(`${describeRequest(1, [0, 1], 'tbl')}: ${itemMessages.refusedAfterLostReply(false, refusal)}`);
		expect(errorOf({ kind: 'notSent', batch: batchOf(2, [5]) })).toBe(`${describeRequest(2, [5])}: ${itemMessages.notSent()}`);
	});
});

describe('the dry run', () => {
	it('lists what each request would carry, then each item that would fail once, its problems together, as error items', () => {
		const plans = new Map([
			['t1', { batches: [batchOf(1, [0, 2], 40)], problems: [{ itemIndex: 3, rule: 'type' as const, message: 'x' }, { itemIndex: 1, field: 'a', rule: 'required' as const, message: 'y' }, { itemIndex: 3, field: 'b', rule: 'type' as const, message: 'z' }], ignoredFields: new Map() }],
			['t2', { batches: [batchOf(1, [4], 9)], problems: [], ignoredFields: new Map() }],
		]);
		const output = dryRunItems(plans, (problem) => ({ json: { error: describeProblem(problem), errorRule: problem.rule }, pairedItem: { item: problem.itemIndex } }));
		expect(output.map((item) => item.json)).toEqual([
			{ dryRun: true, tableId: 't1', batch: 1, records: 2, csvBytes: 40, firstItemIndex: 0, lastItemIndex: 2 },
			{ error: describeProblem({ itemIndex: 1, field: 'a', message: 'y' }), errorRule: 'required' },
			{ error: describeProblem({ itemIndex: 3, message: 'x; field "b": z' }), errorRule: 'type' },
			{ dryRun: true, tableId: 't2', batch: 1, records: 1, csvBytes: 9, firstItemIndex: 4, lastItemIndex: 4 },
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([[{ item: 0 }, { item: 2 }], { item: 1 }, { item: 3 }, [{ item: 4 }]]);
	});
});

describe("an import task's fields", () => {
	it('read the status plainly: finished, and succeeded only when it dropped nothing', () => {
		const task = taskStatus('t', { progress: 100, totalCount: 2, successCount: 2 });
		expect(taskFields({ ...task, status: 'AVAILABLE' })).toMatchObject({ status: 'AVAILABLE', finished: true, succeeded: true, successCount: 2 });
		expect(taskFields({ ...task, status: 'AVAILABLE', failCount: 1 })).toMatchObject({ finished: true, succeeded: false });
		// Fewer rows added than the task holds, none counted as failed: rows were dropped all the same.
		expect(taskFields({ ...task, status: 'AVAILABLE', totalCount: 3, successCount: 2, failCount: 0 })).toMatchObject({ finished: true, succeeded: false });
		expect(taskFields({ ...task, status: 'FAIL' })).toMatchObject({ finished: true, succeeded: false });
		expect(taskFields(taskStatus('t', { note: 'still importing' }))).toMatchObject({ finished: false, succeeded: false, note: 'still importing' });
		expect(taskFields({ ...task, status: 'AVAILABLE' })).not.toHaveProperty('note');
	});
});

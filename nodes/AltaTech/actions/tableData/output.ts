import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { deepCopy, NodeOperationError } from 'n8n-workflow';

import type { AcceptedOutcome, Batch, Outcome } from '../../core/bulk/outcome';
import { describeProblem, describeRequest, itemMessages, runMessages } from '../../core/messages';
import type { WritePlan } from '../../core/pipeline';
import { buildReport, outcomeProblem, visitItems, type WriteReport } from '../../core/report';
import type { ItemProblem } from '../../core/rules';
import { droppedRows, type TaskStatus } from '../../core/track';

/**
 * An input item that failed, as an item a user can route. With Continue On Fail it holds the
 * input's fields, copied, with the error, `details` and the item it belongs to. For the error
 * output it holds only `error`: that is how n8n tells an error item, and n8n then adds the
 * input's fields itself (the details are then not carried; the message names item and field).
 */
export function failedItem(context: IExecuteFunctions, itemIndex: number, message: string, details: IDataObject = {}): INodeExecutionData {
	const pairedItem = { item: itemIndex };
	if (context.getNode().onError === 'continueErrorOutput') return { json: { error: message }, pairedItem };
	const input = context.getInputData()[itemIndex];
	return { json: { ...(input ? deepCopy(input.json) : {}), error: message, ...details, errorItemIndex: itemIndex }, pairedItem };
}

/** A write's failed item: its rule, and its field when one is at fault. */
export function errorItem(context: IExecuteFunctions, problem: ItemProblem): INodeExecutionData {
	const details: IDataObject = { errorRule: problem.rule };
	if (problem.field !== undefined) details.errorField = problem.field;
	return failedItem(context, problem.itemIndex, describeProblem(problem), details);
}

/** The output fields of a written item, by operation. */
export type WrittenFields<R, A> = (itemIndex: number, record: R, outcome: AcceptedOutcome<R, A>, report: WriteReport<R, A>) => IDataObject;

/** One output item per input item, in input order: the written ones as the operation tells them, the others as error items. */
export function recordItems<R, A>(context: IExecuteFunctions, reports: Array<WriteReport<R, A>>, written: WrittenFields<R, A>): INodeExecutionData[] {
	const output: Array<INodeExecutionData | undefined> = new Array(context.getInputData().length);
	for (const report of reports) {
		visitItems(report, {
			written: (itemIndex, record, outcome) => (output[itemIndex] = { json: written(itemIndex, record, outcome, report), pairedItem: { item: itemIndex } }),
			failed: (problem) => (output[problem.itemIndex] = errorItem(context, problem)),
		});
	}
	const missing = output.findIndex((item) => item === undefined);
	// Every input item is in exactly one report: a gap would be an item lost without a word.
	if (missing >= 0) throw new NodeOperationError(context.getNode(), runMessages.missingResult(missing));
	return output as INodeExecutionData[];
}

/** A written item's `json`, with the input fields left out because the table has no such column. */
export function withIgnoredFields(json: IDataObject, report: WriteReport<unknown, unknown>, itemIndex: number): IDataObject {
	const ignored = report.ignoredFields.get(itemIndex);
	if (ignored) json.ignoredFields = ignored;
	return json;
}

/** What one request carries (or would carry), as output fields. */
export function batchSummary<R>(batch: Batch<R>) {
	return {
		batch: batch.number,
		records: batch.records.length,
		csvBytes: batch.bytes,
		firstItemIndex: batch.itemIndexes[0],
		lastItemIndex: batch.itemIndexes[batch.itemIndexes.length - 1],
	};
}

/**
 * Output "One Item per Request": an item per request that carried records (a batch, or a part
 * of one after a split), then an error item per item that failed outside a request's failure.
 * `accepted` gives an accepted request's fields, or an error message when a later check (an
 * import task that failed) says it wrote nothing.
 */
export function requestItems<R, A>(
	reports: Array<WriteReport<R, A>>,
	accepted: (outcome: AcceptedOutcome<R, A>, report: WriteReport<R, A>) => IDataObject | { error: string },
): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	for (const report of reports) {
		const reportedByRequest = new Set<number>();
		for (const outcome of report.outcomes) {
			// A record refused alone is its item's failure, listed below.
			if (outcome.kind === 'refused' && outcome.batch.records.length === 1) continue;
			const { batch } = outcome;
			const pairedItem = batch.itemIndexes.map((item) => ({ item }));
			const json = outcome.kind === 'accepted' ? accepted(outcome, report) : { error: requestError(outcome, report.tableId) };
			if ('error' in json) batch.itemIndexes.forEach((i) => reportedByRequest.add(i));
			output.push({ json, pairedItem });
		}
		for (const problem of report.failures) {
			if (!reportedByRequest.has(problem.itemIndex)) {
				output.push({ json: { error: describeProblem(problem) }, pairedItem: { item: problem.itemIndex } });
			}
		}
	}
	return output;
}

/** A request that wrote nothing, as its items would be told. */
function requestError<R, A>(outcome: Outcome<R, A>, tableId: string | undefined): string {
	const why = outcomeProblem(outcome, outcome.batch.itemIndexes[0])?.message ?? itemMessages.notSent();
	return `${describeRequest(outcome.batch.number, outcome.batch.itemIndexes, tableId)}: ${why}`;
}

/**
 * How an import task ended, as output fields: the API's status, and a plain reading of it
 * (succeeded: done and no row dropped, counted as the items' report counts them).
 */
export function taskFields(task: TaskStatus) {
	return {
		status: task.status,
		finished: task.status !== 'PENDING_PARSE',
		succeeded: task.status === 'AVAILABLE' && droppedRows(task, task.totalCount) === 0,
		progress: task.progress,
		totalCount: task.totalCount,
		successCount: task.successCount,
		failCount: task.failCount,
		failDetail: task.failDetail,
		...(task.note ? { note: task.note } : {}),
	};
}

/** The dry run's output: what each request would carry, then the items that would fail, as a real run's error items. */
export function dryRunItems<R>(plans: Map<string, WritePlan<R>>, failed: (problem: ItemProblem) => INodeExecutionData): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	for (const [tableId, plan] of plans) {
		for (const batch of plan.batches) output.push({ json: { dryRun: true, tableId, ...batchSummary(batch) }, pairedItem: batch.itemIndexes.map((item) => ({ item })) });
		output.push(...buildReport(plan.problems).failures.map(failed));
	}
	return output;
}

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { keepHiddenClassOf } from '../../core/hiddenClasses';
import type { ImportPlan } from '../../core/pipeline';
import { failureProblem, visitItems, type ImportReport, type ItemFailure } from '../../core/report';
import type { TaskStatus } from '../../core/track';
import { refused } from '../../core/send';
import type { Batch, BatchOutcome, ItemProblem, TableRecord } from '../../core/types';
import { apiError } from '../../transport';

/** "Item 3, field "price": ..." — every failure says which item, which field and why. */
export function describeProblem(problem: ItemProblem): string {
	const field = problem.field !== undefined ? `, field "${problem.field}"` : '';
	return `Item ${problem.itemIndex}${field}: ${problem.message}`;
}

function errorMessage(failure: ItemFailure): string {
	return failure.problem
		? describeProblem(failure.problem)
		: `Item ${failure.itemIndex}: not sent, because an earlier request failed`;
}

/** How a task ended, as output fields. */
export function taskFields(task: TaskStatus) {
	return {
		status: task.status,
		progress: task.progress,
		totalCount: task.totalCount,
		successCount: task.successCount,
		failCount: task.failCount,
		failDetail: task.failDetail,
		...(task.note ? { note: task.note } : {}),
	};
}

const RESENT_NOTE =
	'Sent again after the reply to an earlier attempt was lost. If this task fails on duplicate unique values, that earlier attempt may have imported the rows.';

/** An imported item's output, but for how its task ended (added when the node waited). */
function importedItem(itemIndex: number, record: TableRecord, outcome: BatchOutcome & { taskId: string }, ignoredFields: Map<number, readonly string[]>): INodeExecutionData {
	// Literals, no spreads: this runs once per item, up to millions of times.
	const json: IDataObject = { taskId: outcome.taskId, batch: outcome.batch.number, values: record };
	const ignored = ignoredFields.size ? ignoredFields.get(itemIndex) : undefined;
	if (ignored) json.ignoredFields = ignored;
	if (outcome.resentAfterUnknown) json.note = RESENT_NOTE;
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * One output item per input item, in input order: the imported ones with their task id (and,
 * when the node waited, how their task ended), the others as n8n error items. An error item is
 * only { error }: n8n then routes it to the error output when that is enabled, and adds the
 * input item's fields to it so the user sees the failed row.
 *
 * The items of an accepted request can be built as soon as it is accepted (`addAccepted`, while
 * later requests are in flight); `finish` builds the rest.
 */
export class OutputItems {
	private readonly output: INodeExecutionData[];
	/** Accepted requests whose items addAccepted has built. */
	private readonly built = new Set<BatchOutcome>();

	/** Every input item is in exactly one table's report, so item indexes run 0..inputCount-1. */
	constructor(inputCount: number) {
		this.output = new Array(inputCount);
	}

	addAccepted(outcome: BatchOutcome, ignoredFields: Map<number, readonly string[]>): void {
		if (outcome.taskId === undefined || outcome.split) return;
		const accepted = outcome as BatchOutcome & { taskId: string };
		const { itemIndexes, records } = outcome.batch;
		for (let position = 0; position < itemIndexes.length; position++) {
			const itemIndex = itemIndexes[position];
			this.output[itemIndex] = importedItem(itemIndex, records[position], accepted, ignoredFields);
		}
		this.built.add(outcome);
	}

	finish(reports: ImportReport[], statuses?: Map<string, TaskStatus>): INodeExecutionData[] {
		const { output } = this;
		for (const report of reports) {
			if (!statuses) {
				// Without task results an item's output is known from its request alone: build
				// the requests not built while in flight, then the failures (which replace items).
				for (const outcome of report.batches) if (!this.built.has(outcome)) this.addAccepted(outcome, report.ignoredFields);
				for (const failure of report.failures) output[failure.itemIndex] = failedItem(failure);
				continue;
			}
			// A task's fields are the same for its up to 1000 items: made once per task, copied into each.
			const fieldsOfTask = new Map<string, IDataObject>();
			visitItems(report, {
				imported(itemIndex, record, outcome) {
					const item = (output[itemIndex] ??= importedItem(itemIndex, record, outcome, report.ignoredFields));
					let fields = fieldsOfTask.get(outcome.taskId);
					if (!fields) {
						const task = statuses?.get(outcome.taskId);
						if (!task) return;
						fields = taskFields(task);
						fieldsOfTask.set(outcome.taskId, fields);
					}
					Object.assign(item.json, fields);
				},
				notImported(failure) {
					// Also replaces an item built when its request was accepted, if its task then dropped it.
					output[failure.itemIndex] = failedItem(failure);
				},
			});
		}
		for (let index = 0; index < output.length; index++) {
			if (output[index] === undefined) return output.filter((item) => item !== undefined);
		}
		return output;
	}
}

function failedItem(failure: ItemFailure): INodeExecutionData {
	return { json: { error: errorMessage(failure) }, pairedItem: { item: failure.itemIndex } };
}

keepHiddenClassOf(new OutputItems(0));

/**
 * A request's items for a message: a range when they follow one another; else (items of several
 * tables interleaved, or refused ones taken out) the items themselves, or how many and where.
 */
export function describeItems(itemIndexes: readonly number[]): string {
	const first = itemIndexes[0];
	const last = itemIndexes[itemIndexes.length - 1];
	if (itemIndexes.length === 1) return `item ${first}`;
	if (last - first + 1 === itemIndexes.length) return `items ${first} to ${last}`;
	if (itemIndexes.length <= 10) return `items ${itemIndexes.join(', ')}`;
	return `${itemIndexes.length} items from ${first} to ${last}`;
}

/** "Request 3 to table "x" (items 2000 to 2999)": which request, where it went, what it held. */
function describeRequest(batch: Batch, tableId: string | undefined): string {
	const table = tableId !== undefined ? ` to table "${tableId}"` : '';
	return `Request ${batch.number}${table} (${describeItems(batch.itemIndexes)})`;
}

/** What one request carries (or would carry), as output fields. */
function batchSummary(batch: Batch) {
	return {
		batch: batch.number,
		records: batch.records.length,
		csvBytes: batch.csvBytes,
		firstItemIndex: batch.itemIndexes[0],
		lastItemIndex: batch.itemIndexes[batch.itemIndexes.length - 1],
	};
}

/**
 * Output mode "batches": one item per request that carried records (a batch, or a part of one
 * after a split), then an error item per item that failed outside a request's failure.
 */
export function batchItems(reports: ImportReport[], statuses?: Map<string, TaskStatus>): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	const reportedByRequest = new Set<number>();
	for (const report of reports) {
		for (const outcome of report.batches) {
			if (outcome.split || outcome.rejectedRecord) continue;
			const { batch } = outcome;
			const pairedItem = batch.itemIndexes.map((item) => ({ item }));
			const summary = batchSummary(batch);
			const task = outcome.taskId !== undefined ? statuses?.get(outcome.taskId) : undefined;
			if (task?.status === 'FAIL') {
				batch.itemIndexes.forEach((i) => reportedByRequest.add(i));
				const reason = task.failDetail[0]?.reason ?? 'no reason given';
				const resent = outcome.resentAfterUnknown ? `. ${RESENT_NOTE}` : '';
				output.push({ json: { error: `${describeRequest(batch, report.tableId)}: the import task ${task.taskId} failed on AltaTech, so none of its rows were added: ${reason}${resent}` }, pairedItem });
			} else if (outcome.taskId !== undefined) {
				const note = outcome.resentAfterUnknown ? { note: RESENT_NOTE } : {};
				output.push({ json: { taskId: outcome.taskId, tableId: report.tableId, ...summary, ...note, ...(task ? taskFields(task) : {}) }, pairedItem });
			} else {
				batch.itemIndexes.forEach((i) => reportedByRequest.add(i));
				// As its items would be told: whether the rows may be in after all, and what the server said.
				const why = outcome.error ? failureProblem(outcome, summary.firstItemIndex).message : 'not sent, because an earlier request failed';
				output.push({ json: { error: `${describeRequest(batch, report.tableId)}: ${why}` }, pairedItem });
			}
		}
		for (const item of report.failures) {
			if (item.status === 'failed' && item.problem && !reportedByRequest.has(item.itemIndex)) {
				output.push({ json: { error: describeProblem(item.problem) }, pairedItem: { item: item.itemIndex } });
			}
		}
	}
	return output;
}

/** The dry run's output: what each request would carry, then the items that would fail. */
export function dryRunItems(plans: Map<string, ImportPlan>): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	for (const [tableId, plan] of plans) {
		for (const batch of plan.batches) {
			output.push({
				json: { dryRun: true, tableId, ...batchSummary(batch) },
				pairedItem: batch.itemIndexes.map((item) => ({ item })),
			});
		}
		const failing = [...new Set(plan.problems.map((p) => p.itemIndex))];
		for (const itemIndex of failing.sort((a, b) => a - b)) {
			const messages = plan.problems.filter((p) => p.itemIndex === itemIndex).map(describeProblem);
			output.push({ json: { error: messages.join('; ') }, pairedItem: { item: itemIndex } });
		}
	}
	return output;
}

/** Failed requests, not counting refusals for their records (those are the records' failures: see refused). */
const requestFailures = (report: ImportReport) => report.batches.filter((b) => b.error && !b.split && !refused(b));

/** Without Continue On Fail the node stops on a failed request, and on invalid records unless told to skip them. */
export function mustStop(report: ImportReport, failOnInvalidRecord: boolean): boolean {
	return requestFailures(report).length > 0 || report.stats.notSent > 0 || (failOnInvalidRecord && report.stats.failed > 0);
}

/** Rules of items that may be in the table although they are reported. */
const MAYBE_IMPORTED = new Set(['outcomeUnknown', 'rowMaybeDropped']);

/**
 * What is already in the table, for the error that stops the node. With task statuses, only
 * finished tasks count as imported; the items of tasks still running (or whose status could
 * not be read) may yet be. Without them, accepted requests are said to be accepted: their
 * tasks may still fail.
 */
function importedSoFar(reports: ImportReport[], statuses?: Map<string, TaskStatus>): string {
	const imported = { items: 0, taskIds: [] as string[] };
	const unfinished = { items: 0, taskIds: [] as string[] };
	for (const report of reports) {
		const failed = new Set(report.failures.map((f) => f.itemIndex));
		for (const outcome of report.batches) {
			if (outcome.taskId === undefined || outcome.split) continue;
			const items = outcome.batch.itemIndexes.filter((itemIndex) => !failed.has(itemIndex)).length;
			if (!items) continue;
			const into = !statuses || statuses.get(outcome.taskId)?.status === 'AVAILABLE' ? imported : unfinished;
			into.items += items;
			into.taskIds.push(outcome.taskId);
		}
	}
	const unknown = reports.reduce((sum, r) => sum + r.failures.filter((f) => MAYBE_IMPORTED.has(f.problem?.rule ?? '')).length, 0);
	if (!imported.items && !unfinished.items && !unknown) return 'Nothing was imported.';
	const parts = [
		imported.items && statuses ? `${imported.items} item(s) were already imported (task ids: ${imported.taskIds.join(', ')})` : '',
		// Tasks not waited for (the node stopped before, or does not wait): accepted, not yet known to be in.
		imported.items && !statuses
			? `${imported.items} item(s) were accepted for import, which AltaTech finishes unless their task fails (task ids: ${imported.taskIds.join(', ')}; Get Import Status tells)`
			: '',
		unfinished.items ? `${unfinished.items} item(s) were sent and may still be imported: their tasks had not finished when the node stopped waiting (task ids: ${unfinished.taskIds.join(', ')})` : '',
		unknown ? `${unknown} item(s) may or may not have been imported (a reply was lost or unclear, or a task did not name every row it dropped)` : '',
	];
	return `${parts.filter(Boolean).join('; ')}: re-running the same items may import them twice (a table with unique columns refuses the repeats instead).`;
}

/** Rules of failures the server decided (the input was fine by the node's checks). */
const SERVER_RULES = new Set(['importFailed', 'rowDropped', 'rowMaybeDropped', 'outcomeUnknown', 'rejected', 'notIsolated', 'request']);

/**
 * The error thrown when the node does not continue on fail: a failed request of `report`, else
 * the first failed item in input order over all reports, saying what had already been imported
 * so nobody re-runs blindly into duplicates.
 */
export function failureToThrow(context: IExecuteFunctions, report: ImportReport, otherReports: ImportReport[], statuses?: Map<string, TaskStatus>) {
	const reports = [...otherReports, report];
	const imported = importedSoFar(reports, statuses);
	const [failedRequest] = requestFailures(report);
	if (failedRequest?.error) {
		const { batch, error } = failedRequest;
		const first = batch.itemIndexes[0];
		const table = report.tableId !== undefined ? `table "${report.tableId}", ` : '';
		const why = failedRequest.refusedForAll
			? 'The server refused every record it was sent alone for the same reason, and no record was accepted: that points to a setting (Record Format, the Table ID) rather than to the records, unless every record breaks one same rule.'
			: '';
		return apiError(context, { ...error }, {
			message: `${error.message} (${table}request ${batch.number}, ${describeItems(batch.itemIndexes)})`,
			description: `${why} ${error.description ?? ''} ${imported}`.trim(),
			itemIndex: first,
		});
	}
	const failed = reports.flatMap((r) => r.failures.filter((item) => item.status === 'failed'));
	const first = failed.reduce((earliest, item) => (item.itemIndex < earliest.itemIndex ? item : earliest)).problem!;
	const others = failed.length - 1;
	const advice = SERVER_RULES.has(first.rule)
		? 'Check the failed items against the table (a unique value stored before, say), or set Invalid Records to Skip (or turn on Continue On Fail) to get each failed item as an error while the others go.'
		: 'Fix the input, or set Invalid Records to Skip (or turn on Continue On Fail) to import the valid items and get the others as errors.';
	return new NodeOperationError(context.getNode(), describeProblem(first), {
		itemIndex: first.itemIndex,
		description: `Rule: ${first.rule}.${others > 0 ? ` ${others} other item(s) failed too.` : ''} ${imported} ${advice}`,
	});
}

/** A one-line account of the run for n8n's output pane, when there is more to say than "done". */
export function summaryHint(reports: ImportReport[]): string | undefined {
	const sum = (key: 'submitted' | 'failed' | 'requests' | 'extraRequests') => reports.reduce((n, r) => n + r.stats[key], 0);
	const ignored = reports.reduce((n, r) => n + r.ignoredFields.size, 0);
	if (!sum('failed') && !sum('extraRequests') && !ignored) return undefined;
	const count = (n: number) => n.toLocaleString('en-US');
	const parts = [`Imported ${count(sum('submitted'))} item(s) in ${count(sum('requests'))} request(s); ${count(sum('failed'))} failed`];
	if (sum('extraRequests')) parts.push(`${count(sum('extraRequests'))} extra request(s) isolated records the server rejected`);
	if (ignored) parts.push(`${count(ignored)} item(s) had fields the table does not have, left out`);
	return `${parts.join('; ')}.`;
}

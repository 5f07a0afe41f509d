import type { BatchOutcome, ItemProblem, TableRecord } from './types';
import { MAX_SPLIT_REQUESTS_PER_BATCH } from './send';

/** An input item that was not imported, and why. */
export interface ItemFailure {
	itemIndex: number;
	status: 'failed' | 'notSent';
	/** Set when status is 'failed'. */
	problem?: ItemProblem;
}

export interface ImportStats {
	items: number;
	submitted: number;
	failed: number;
	notSent: number;
	/** Requests sent, including the extra ones made to isolate rejected records. */
	requests: number;
	extraRequests: number;
	taskIds: string[];
}

/**
 * Step 5: what happened to every input item. Imported items are not listed one by one: they
 * are the items of the accepted requests (`batches`), less any `failures` found later (rows
 * the import task dropped). A million imported items then cost no million report objects.
 */
export interface ImportReport {
	/** The table the report's requests went to (set by the caller; several tables make several reports). */
	tableId?: string;
	/** The items not imported, in input order. */
	failures: ItemFailure[];
	batches: BatchOutcome[];
	problems: ItemProblem[];
	/** Input fields left out of an item's record because the table has no such column. */
	ignoredFields: Map<number, readonly string[]>;
	stats: ImportStats;
}

/** Why a request's items were not imported, as each of them is told (also a request's error in batches mode). */
export function failureProblem(outcome: BatchOutcome, itemIndex: number): ItemProblem {
	const error = outcome.error!;
	if (outcome.outcomeUnknown) return { itemIndex, rule: 'outcomeUnknown', message: error.message };
	/** What the server said about a refusal, quoted (or our reading of it). */
	const said = error.serverMessage ? `: "${error.serverMessage}"` : ` (${error.message})`;
	if (outcome.afterLostReply) {
		const what = outcome.rejectedRecord ? 'this record' : 'the request holding this record';
		const message = `the server refused ${what} when it was sent again${said}. An earlier attempt lost its reply and may have imported it (or the value was stored before): check the table`;
		return { itemIndex, rule: 'outcomeUnknown', message };
	}
	if (outcome.refusedForAll) {
		const message = `not imported: the server refused every record it was sent alone for the same reason, and no record of this run was accepted${said}. That points to a setting (Record Format, the Table ID) rather than to this record, unless every record breaks one same rule: check them`;
		return { itemIndex, rule: 'refusedForAll', message };
	}
	if (outcome.splitAbandoned) {
		const message = `not sent: the server refused a request of ${outcome.batch.records.length} records holding this one because of some of them${said}, and the node stopped splitting the batch after ${MAX_SPLIT_REQUESTS_PER_BATCH} requests to find which. This record may be valid: run the failed items again (in smaller batches if many are refused)`;
		return { itemIndex, rule: 'notIsolated', message };
	}
	if (outcome.rejectedRecord) {
		return { itemIndex, rule: 'rejected', message: `the server rejected this record${said}` };
	}
	const serverSaid = error.serverMessage ? ` The server said: "${error.serverMessage}"` : '';
	return { itemIndex, rule: 'request', message: `${error.message}.${serverSaid}` };
}

/** One failure per item, several rules broken by one item merged into one message. */
function mergeProblems(problems: ItemProblem[]): ItemFailure[] {
	const byItem = new Map<number, ItemFailure>();
	for (const problem of problems) {
		const earlier = byItem.get(problem.itemIndex)?.problem;
		const merged = earlier
			? { ...earlier, message: `${earlier.message}; ${problem.field !== undefined ? `field "${problem.field}": ` : ''}${problem.message}` }
			: problem;
		byItem.set(problem.itemIndex, { itemIndex: problem.itemIndex, status: 'failed', problem: merged });
	}
	return [...byItem.values()];
}

const byItemIndex = (a: ItemFailure, b: ItemFailure) => a.itemIndex - b.itemIndex;

/** The items of requests that went in, and those that failed or were not sent. */
export function buildReport(
	problems: ItemProblem[],
	batches: BatchOutcome[],
	ignoredFields: Map<number, readonly string[]> = new Map(),
): ImportReport {
	const failures = mergeProblems(problems);
	let submitted = 0;
	for (const outcome of batches) {
		if (outcome.split) continue; // its records are reported by the requests that followed
		const { taskId, error, notSent, batch } = outcome;
		if (taskId !== undefined) {
			submitted += batch.itemIndexes.length;
			continue;
		}
		for (const itemIndex of batch.itemIndexes) {
			if (error) failures.push({ itemIndex, status: 'failed', problem: failureProblem(outcome, itemIndex) });
			else if (notSent) failures.push({ itemIndex, status: 'notSent' });
		}
	}
	failures.sort(byItemIndex);
	const notSent = failures.filter((f) => f.status === 'notSent').length;
	const sent = batches.filter((b) => !b.notSent);
	return {
		failures,
		batches,
		problems,
		ignoredFields,
		stats: {
			items: submitted + failures.length,
			submitted,
			failed: failures.length - notSent,
			notSent,
			requests: sent.length,
			extraRequests: sent.length - new Set(sent.map((b) => b.batch.number)).size,
			taskIds: batches.flatMap((b) => (b.taskId !== undefined ? [b.taskId] : [])),
		},
	};
}

/** The report with more failures (found after the requests), its totals updated. */
export function withFailures(report: ImportReport, more: ItemFailure[]): ImportReport {
	if (!more.length) return report;
	const failures = [...report.failures, ...more].sort(byItemIndex);
	const failed = report.stats.failed + more.length;
	return { ...report, failures, stats: { ...report.stats, submitted: report.stats.submitted - more.length, failed } };
}

export interface ItemVisitor {
	imported(itemIndex: number, record: TableRecord, outcome: BatchOutcome & { taskId: string }): void;
	notImported(failure: ItemFailure): void;
}

/**
 * Every item of the report once, imported or not, in no set order. Plain loops: this runs
 * once per item, up to millions of times.
 */
export function visitItems(report: ImportReport, visitor: ItemVisitor): void {
	const failed = new Set<number>();
	for (const failure of report.failures) {
		failed.add(failure.itemIndex);
		visitor.notImported(failure);
	}
	for (const outcome of report.batches) {
		if (outcome.taskId === undefined || outcome.split) continue;
		const { records, itemIndexes } = outcome.batch;
		const accepted = outcome as BatchOutcome & { taskId: string };
		for (let position = 0; position < itemIndexes.length; position++) {
			const itemIndex = itemIndexes[position];
			if (failed.size === 0 || !failed.has(itemIndex)) visitor.imported(itemIndex, records[position], accepted);
		}
	}
}

/** What became of each item, in input order: for tests and small reports (an object per item). */
export function itemStatuses(report: ImportReport): Array<{ itemIndex: number; status: 'submitted' | ItemFailure['status']; rule?: string; taskId?: string }> {
	const all: ReturnType<typeof itemStatuses> = [];
	visitItems(report, {
		imported: (itemIndex, _record, { taskId }) => all.push({ itemIndex, status: 'submitted', taskId }),
		notImported: ({ itemIndex, status, problem }) => all.push({ itemIndex, status, rule: problem?.rule }),
	});
	return all.sort((a, b) => a.itemIndex - b.itemIndex);
}

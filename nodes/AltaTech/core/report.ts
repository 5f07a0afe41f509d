import type { TaskStatus } from './track';
import type { BatchOutcome, ItemProblem, TableRecord } from './types';

/** What happened to one input item. */
export interface ItemOutcome {
	itemIndex: number;
	status: 'submitted' | 'failed' | 'notSent';
	record?: TableRecord;
	taskId?: string;
	batchNumber?: number;
	/** Set when status is 'failed'. */
	problem?: ItemProblem;
	/** Input fields left out because the table has no such column. */
	ignoredFields?: string[];
	/** How the item's import task ended, when the node waited for it. */
	task?: TaskStatus;
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

export interface ImportReport {
	items: ItemOutcome[];
	batches: BatchOutcome[];
	problems: ItemProblem[];
	stats: ImportStats;
}

function failureProblem(outcome: BatchOutcome, itemIndex: number): ItemProblem {
	const error = outcome.error!;
	if (outcome.outcomeUnknown) return { itemIndex, rule: 'outcomeUnknown', message: error.message };
	if (outcome.rejectedRecord) {
		const said = error.serverMessage ? `: "${error.serverMessage}"` : ` (${error.message})`;
		return { itemIndex, rule: 'rejected', message: `the server rejected this record${said}` };
	}
	const said = error.serverMessage ? ` The server said: "${error.serverMessage}"` : '';
	return { itemIndex, rule: 'request', message: `${error.message}.${said}` };
}

/** Step 5: one outcome per input item, in input order, and the run's totals. */
export function buildReport(
	problems: ItemProblem[],
	batches: BatchOutcome[],
	ignoredFields: Map<number, string[]> = new Map(),
): ImportReport {
	const items: ItemOutcome[] = []; // indexed by item; holes are items of other tables
	for (const problem of problems) {
		const earlier = items[problem.itemIndex]?.problem;
		// One item may break several rules: keep them all in one message.
		const merged = earlier
			? { ...earlier, message: `${earlier.message}; ${problem.field !== undefined ? `field "${problem.field}": ` : ''}${problem.message}` }
			: problem;
		items[problem.itemIndex] = { itemIndex: problem.itemIndex, status: 'failed', problem: merged };
	}
	for (const outcome of batches) {
		if (outcome.split) continue; // its records are reported by the requests that followed
		const { batch, taskId, error, notSent } = outcome;
		batch.itemIndexes.forEach((itemIndex, position) => {
			const common = { itemIndex, record: batch.records[position], batchNumber: batch.number };
			if (taskId !== undefined) items[itemIndex] = { ...common, status: 'submitted', taskId };
			else if (error) items[itemIndex] = { ...common, status: 'failed', problem: failureProblem(outcome, itemIndex) };
			else if (notSent) items[itemIndex] = { ...common, status: 'notSent' };
		});
	}
	for (const [itemIndex, fields] of ignoredFields) if (items[itemIndex]) items[itemIndex].ignoredFields = fields;

	const present = items.filter((item): item is ItemOutcome => item !== undefined);
	const count = (status: ItemOutcome['status']) => present.filter((item) => item.status === status).length;
	const sent = batches.filter((b) => !b.notSent);
	return {
		items: present,
		batches,
		problems,
		stats: {
			items: present.length,
			submitted: count('submitted'),
			failed: count('failed'),
			notSent: count('notSent'),
			requests: sent.length,
			extraRequests: sent.length - new Set(sent.map((b) => b.batch.number)).size,
			taskIds: batches.flatMap((b) => (b.taskId !== undefined ? [b.taskId] : [])),
		},
	};
}

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
	ignoredFields?: readonly string[];
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

/**
 * Step 5: one outcome per input item, in input order, and the run's totals. Built as requests
 * finish (`add`), so a long import's report is ready, all but its totals, when the last
 * request is.
 */
export class ReportBuilder {
	private readonly items: ItemOutcome[] = []; // indexed by item; holes are items of other tables
	private readonly added = new WeakSet<BatchOutcome>();

	constructor(
		private readonly problems: ItemProblem[],
		private readonly ignoredFields: Map<number, readonly string[]> = new Map(),
	) {
		const { items } = this;
		for (const problem of problems) {
			const earlier = items[problem.itemIndex]?.problem;
			// One item may break several rules: keep them all in one message.
			const merged = earlier
				? { ...earlier, message: `${earlier.message}; ${problem.field !== undefined ? `field "${problem.field}": ` : ''}${problem.message}` }
				: problem;
			items[problem.itemIndex] = { itemIndex: problem.itemIndex, status: 'failed', problem: merged };
		}
	}

	/** Records what one request (or a batch never sent) means for its items. */
	add(outcome: BatchOutcome): void {
		if (this.added.has(outcome)) return;
		this.added.add(outcome);
		if (outcome.split) return; // its records are reported by the requests that followed
		const { items } = this;
		const { batch, taskId, error, notSent } = outcome;
		const { records, itemIndexes, number: batchNumber } = batch;
		// Plain loops and literals: this runs once per item, up to millions of times.
		for (let position = 0; position < itemIndexes.length; position++) {
			const itemIndex = itemIndexes[position];
			const record = records[position];
			if (taskId !== undefined) items[itemIndex] = { itemIndex, record, batchNumber, status: 'submitted', taskId };
			else if (error) items[itemIndex] = { itemIndex, record, batchNumber, status: 'failed', problem: failureProblem(outcome, itemIndex) };
			else if (notSent) items[itemIndex] = { itemIndex, record, batchNumber, status: 'notSent' };
		}
	}

	/** The report, given every outcome in order (those not added yet are added now). */
	finish(batches: BatchOutcome[]): ImportReport {
		for (const outcome of batches) this.add(outcome);
		const { items } = this;
		for (const [itemIndex, fields] of this.ignoredFields) if (items[itemIndex]) items[itemIndex].ignoredFields = fields;

		const present = withoutHoles(items);
		const counts = { submitted: 0, failed: 0, notSent: 0 };
		for (const item of present) counts[item.status]++;
		const sent = batches.filter((b) => !b.notSent);
		return {
			items: present,
			batches,
			problems: this.problems,
			stats: {
				items: present.length,
				...counts,
				requests: sent.length,
				extraRequests: sent.length - new Set(sent.map((b) => b.batch.number)).size,
				taskIds: batches.flatMap((b) => (b.taskId !== undefined ? [b.taskId] : [])),
			},
		};
	}
}

/** The report of outcomes already known (see ReportBuilder). */
export function buildReport(
	problems: ItemProblem[],
	batches: BatchOutcome[],
	ignoredFields: Map<number, readonly string[]> = new Map(),
): ImportReport {
	return new ReportBuilder(problems, ignoredFields).finish(batches);
}

/** The list itself when it has no holes (one table: the usual case), else a compacted copy. */
function withoutHoles(items: ItemOutcome[]): ItemOutcome[] {
	for (let index = 0; index < items.length; index++) {
		if (items[index] === undefined) return items.filter((item): item is ItemOutcome => item !== undefined);
	}
	return items;
}

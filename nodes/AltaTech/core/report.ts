import type { BatchOutcome, ItemProblem, TableRecord } from './types';

/** What happened to one input item. */
export interface ItemOutcome {
	itemIndex: number;
	status: 'submitted' | 'failed' | 'notSent';
	record?: TableRecord;
	taskId?: string;
	batchNumber?: number;
	/** Set when status is 'failed' (or 'notSent': why the run stopped before it). */
	problem?: ItemProblem;
}

export interface ImportStats {
	items: number;
	submitted: number;
	failed: number;
	notSent: number;
	requests: number;
	taskIds: string[];
}

export interface ImportReport {
	items: ItemOutcome[];
	batches: BatchOutcome[];
	problems: ItemProblem[];
	stats: ImportStats;
}

/** Step 5: one outcome per input item, in input order, and the run's totals. */
export function buildReport(itemCount: number, problems: ItemProblem[], batches: BatchOutcome[]): ImportReport {
	const items: ItemOutcome[] = new Array(itemCount);
	for (const problem of problems) {
		const earlier = items[problem.itemIndex]?.problem;
		// One item may break several rules: keep them all in one message.
		const merged = earlier ? { ...earlier, message: `${earlier.message}; ${problem.message}` } : problem;
		items[problem.itemIndex] = { itemIndex: problem.itemIndex, status: 'failed', problem: merged };
	}
	for (const { batch, taskId, error, notSent } of batches) {
		batch.itemIndexes.forEach((itemIndex, position) => {
			const record = batch.records[position];
			if (taskId !== undefined) {
				items[itemIndex] = { itemIndex, status: 'submitted', record, taskId, batchNumber: batch.number };
			} else if (error) {
				const problem = { itemIndex, rule: 'request', message: error.message };
				items[itemIndex] = { itemIndex, status: 'failed', record, batchNumber: batch.number, problem };
			} else if (notSent) {
				items[itemIndex] = { itemIndex, status: 'notSent', record, batchNumber: batch.number };
			}
		});
	}
	const present = items.filter((item): item is ItemOutcome => item !== undefined);
	const count = (status: ItemOutcome['status']) => present.filter((item) => item.status === status).length;
	const taskIds = batches.flatMap((b) => (b.taskId !== undefined ? [b.taskId] : []));
	return {
		items: present,
		batches,
		problems,
		stats: {
			items: present.length,
			submitted: count('submitted'),
			failed: count('failed'),
			notSent: count('notSent'),
			requests: batches.filter((b) => !b.notSent).length,
			taskIds,
		},
	};
}

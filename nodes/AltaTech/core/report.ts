import type { AcceptedOutcome, Outcome } from './bulk/outcome';
import type { BulkStats } from './bulk/engine';
import { itemMessages } from './messages';
import type { ItemProblem } from './rules';

/**
 * What happened to every input item of one table's write. Written items are not listed one
 * by one: they are the records of the accepted outcomes, less the `failures` (refused in a
 * reply, or dropped later by an import task). A million written items cost no million objects.
 */
export interface WriteReport<R, A> {
	/** The table the requests went to (several tables make several reports). */
	tableId?: string;
	outcomes: Array<Outcome<R, A>>;
	/** One per item not written, several problems of one item merged; in input order. */
	failures: ItemProblem[];
	/** Input fields left out of an item's record because the table has no such column. */
	ignoredFields: Map<number, readonly string[]>;
	stats: WriteStats;
}

export interface WriteStats extends BulkStats {
	items: number;
	written: number;
	failed: number;
	notSent: number;
}

/** The problem each item of an outcome that wrote nothing is told. */
export function outcomeProblem<R, A>(outcome: Outcome<R, A>, itemIndex: number): ItemProblem | undefined {
	switch (outcome.kind) {
		case 'accepted':
			return undefined;
		case 'refused': {
			const alone = outcome.batch.records.length === 1;
			if (outcome.afterLostReply) return { itemIndex, rule: 'outcomeUnknown', message: itemMessages.refusedAfterLostReply(alone, outcome.failure) };
			if (alone) return { itemIndex, rule: 'rejected', message: itemMessages.rejected(outcome.failure) };
			return { itemIndex, rule: 'notIsolated', message: itemMessages.notIsolated(outcome.batch.records.length, outcome.failure) };
		}
		case 'failed':
			return { itemIndex, rule: 'request', message: itemMessages.requestFailed(outcome.failure) };
		case 'replyLost':
			return { itemIndex, rule: 'outcomeUnknown', message: outcome.heldBack ? itemMessages.heldBack() : itemMessages.replyLost(outcome.failure, outcome.retries + 1) };
		case 'notSent':
			return { itemIndex, rule: 'notSent', message: itemMessages.notSent() };
		case 'cancelled':
			return outcome.mayBeStored
				? { itemIndex, rule: 'outcomeUnknown', message: itemMessages.cancelledInFlight() }
				: { itemIndex, rule: 'cancelled', message: itemMessages.cancelled() };
	}
}

/** One problem per item: several rules broken by one item merged into one message. */
function mergeProblems(problems: ItemProblem[]): ItemProblem[] {
	const byItem = new Map<number, ItemProblem>();
	for (const problem of problems) {
		const earlier = byItem.get(problem.itemIndex);
		const field = problem.field !== undefined ? `field "${problem.field}": ` : '';
		byItem.set(problem.itemIndex, earlier ? { ...earlier, message: `${earlier.message}; ${field}${problem.message}` } : problem);
	}
	return [...byItem.values()];
}

const byItemIndex = (a: ItemProblem, b: ItemProblem) => a.itemIndex - b.itemIndex;

/** The report of a write: the problems found before sending and what each request ended in. */
export function buildReport<R, A>(
	problems: ItemProblem[],
	outcomes: Array<Outcome<R, A>> = [],
	ignoredFields: Map<number, readonly string[]> = new Map(),
	bulkStats: BulkStats = { batches: 0, requests: 0, extraRequests: 0 },
): WriteReport<R, A> {
	const failures = mergeProblems(problems);
	let written = 0;
	for (const outcome of outcomes) {
		const { itemIndexes } = outcome.batch;
		if (outcome.kind === 'accepted') {
			const refused = outcome.accepted.refusedRecords ?? [];
			written += itemIndexes.length - refused.length;
			for (const { position, reason, maybe } of refused) {
				const itemIndex = itemIndexes[position];
				failures.push(maybe ? { itemIndex, rule: 'rowMaybeDropped', message: itemMessages.maybeNotWritten(reason) } : { itemIndex, rule: 'rejected', message: itemMessages.rejectedInReply(reason) });
			}
			continue;
		}
		for (const itemIndex of itemIndexes) failures.push(outcomeProblem(outcome, itemIndex)!);
	}
	failures.sort(byItemIndex);
	return { outcomes, failures, ignoredFields, stats: statsOf(failures, written, bulkStats) };
}

function statsOf(failures: ItemProblem[], written: number, bulkStats: BulkStats): WriteStats {
	const notSent = failures.filter((f) => f.rule === 'notSent').length;
	return { ...bulkStats, items: written + failures.length, written, failed: failures.length - notSent, notSent };
}

/** The report with more failures found after the requests (rows an import task dropped). */
export function withFailures<R, A>(report: WriteReport<R, A>, more: ItemProblem[]): WriteReport<R, A> {
	if (!more.length) return report;
	const failures = [...report.failures, ...more].sort(byItemIndex);
	return { ...report, failures, stats: statsOf(failures, report.stats.written - more.length, report.stats) };
}

export interface ItemVisitor<R, A> {
	written(itemIndex: number, record: R, outcome: AcceptedOutcome<R, A>): void;
	failed(problem: ItemProblem): void;
}

/** Every item of the report once, written or not, in no set order. */
export function visitItems<R, A>(report: WriteReport<R, A>, visitor: ItemVisitor<R, A>): void {
	const failed = new Set<number>();
	for (const failure of report.failures) {
		failed.add(failure.itemIndex);
		visitor.failed(failure);
	}
	for (const outcome of report.outcomes) {
		if (outcome.kind !== 'accepted') continue;
		const { records, itemIndexes } = outcome.batch;
		for (let position = 0; position < itemIndexes.length; position++) {
			if (!failed.has(itemIndexes[position])) visitor.written(itemIndexes[position], records[position], outcome);
		}
	}
}

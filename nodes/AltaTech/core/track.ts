import type { ApiFailure } from './apiErrors';
import type { ImportReply } from './endpoints/importRecords';
import { readMessages, runMessages } from './messages';
import { countOf } from './replies';
import { withFailures, type WriteReport } from './report';
import type { ItemProblem, Rule } from './rules';
import type { TableRecord } from './types';

export type ImportReport = WriteReport<TableRecord, ImportReply>;

/**
 * Import tracking: the API answers an import with a task id and does the work later. We poll
 * the status of every task of the execution in one request per round, with a backoff, until
 * each is AVAILABLE or FAIL or the time is up. A task still running then is reported as
 * PENDING_PARSE: a timeout says nothing about the data, so nothing is re-sent.
 */

export interface FailDetail {
	row: number | null;
	rowNumberStart: number;
	rowNumberEnd: number;
	reason: string;
}

export interface TaskStatus {
	taskId: string;
	status: 'PENDING_PARSE' | 'AVAILABLE' | 'FAIL';
	progress: number;
	totalCount: number;
	successCount: number;
	failCount: number;
	failDetail: FailDetail[];
	/** Set when the status could not be learned (the task id is unknown, or polling kept failing). */
	note?: string;
}

export interface WaitOptions {
	/**
	 * One status request for many ids; a failure comes back as a value. `timeLeftMs` tells how
	 * long the read (and its retries) may take: a slow read would otherwise hold the run far
	 * past Wait Timeout (each read has the request Timeout, 2 minutes by default).
	 */
	fetchStatuses(taskIds: string[], timeLeftMs: () => number): Promise<TaskStatus[] | { failure: ApiFailure; partial?: TaskStatus[] }>;
	timeoutMs: number;
	/** Injected: the core has no timers of its own (n8n's `sleep` in the node, a fake in tests). */
	sleep(ms: number): Promise<void>;
	now?(): number;
	/** The execution was stopped: no more polls. */
	isCancelled?(): boolean;
}

const FAILED_POLLS_TO_GIVE_UP = 3;
/** Reads that answered without a task before it counts as unknown (one is enough once it was seen). */
const READS_WITHOUT_TASK_TO_GIVE_UP = 3;
/** The poll made at the deadline gets this long to answer; no read runs later than that. */
const LAST_READ_GRACE_MS = 5000;

const pendingStatus = (taskId: string): TaskStatus => ({
	taskId,
	status: 'PENDING_PARSE',
	progress: 0,
	totalCount: 0,
	successCount: 0,
	failCount: 0,
	failDetail: [],
});

export async function waitForTasks(taskIds: string[], options: WaitOptions): Promise<Map<string, TaskStatus>> {
	const now = options.now ?? Date.now;
	const deadline = now() + options.timeoutMs;
	const results = new Map<string, TaskStatus>();
	/** What the last read said of tasks still running (progress, counts): kept for the report if the wait ends first. */
	const running = new Map<string, TaskStatus>();
	let waiting = [...new Set(taskIds)];
	let delay = 1000; // between polls: 1 s, then half as long again each time, up to 10 s
	let failedPolls = 0;
	let lastFailure = '';
	const missedReads = new Map<string, number>();
	const unknown = new Set<string>();
	const timeLeftMs = () => deadline + LAST_READ_GRACE_MS - now();

	const cancelled = () => options.isCancelled?.() === true;
	while (waiting.length && !cancelled()) {
		const wait = Math.min(delay, deadline - now());
		if (wait <= 0) break;
		await options.sleep(wait);
		if (cancelled()) break;
		delay = Math.min(Math.round(delay * 1.5), 10_000);
		const answer = await options.fetchStatuses(waiting, timeLeftMs);
		const failed = 'failure' in answer;
		const read = failed ? (answer.partial ?? []) : answer;
		for (const status of read) (status.status === 'PENDING_PARSE' ? running : results).set(status.taskId, status);
		if (failed) {
			lastFailure = answer.failure.message;
			failedPolls++;
		} else {
			failedPolls = 0;
			// A task the server stopped knowing, or never knew, is not waited for until the timeout.
			const answered = new Set(read.map((status) => status.taskId));
			for (const id of waiting.filter((id) => !answered.has(id))) {
				const misses = (missedReads.get(id) ?? 0) + 1;
				missedReads.set(id, misses);
				if (running.has(id) || misses >= READS_WITHOUT_TASK_TO_GIVE_UP) unknown.add(id);
			}
		}
		waiting = waiting.filter((id) => !results.has(id) && !unknown.has(id));
		if (failedPolls >= FAILED_POLLS_TO_GIVE_UP) break;
	}
	const leave = (id: string, note: string) => results.set(id, { ...(running.get(id) ?? pendingStatus(id)), note });
	for (const id of unknown) leave(id, readMessages.unknownTask());
	const note = notWaitedFor(failedPolls, lastFailure);
	for (const id of waiting) leave(id, note);
	return results;
}

/** Why a task is left PENDING_PARSE: the wait ran out, or the status could not be read. */
function notWaitedFor(failedPolls: number, lastFailure: string): string {
	if (failedPolls >= FAILED_POLLS_TO_GIVE_UP) return readMessages.stoppedWaiting(lastFailure);
	if (failedPolls > 0) return readMessages.waitTimedOutAfterFailure(lastFailure);
	return readMessages.stillImporting();
}

const wholeNumberOf = (value: unknown): number | null => {
	const count = countOf(value);
	return count !== undefined && Number.isInteger(count) ? count : null;
};

/** The API's raw status object, in our names. */
export function readTaskStatus(raw: Record<string, unknown>): TaskStatus {
	const details = Array.isArray(raw.fail_detail) ? (raw.fail_detail as Array<Record<string, unknown>>) : [];
	const status = String(raw.status);
	return {
		taskId: String(raw.id),
		status: status === 'AVAILABLE' || status === 'FAIL' ? status : 'PENDING_PARSE',
		progress: Number(raw.progress ?? 0),
		totalCount: Number(raw.total_count ?? 0),
		successCount: Number(raw.success_count ?? 0),
		failCount: Number(raw.fail_count ?? 0),
		failDetail: details.map((d) => ({
			// Counts may come as text (published); a row number may too.
			row: wholeNumberOf(d.row),
			rowNumberStart: Number(d.row_number_start ?? 0),
			rowNumberEnd: Number(d.row_number_end ?? 0),
			reason: String(d.fail_reason ?? ''),
		})),
	};
}

/** Whether a fail_detail entry names a range of rows (1-based, first to last). */
const namesRange = (detail: FailDetail) => detail.rowNumberStart >= 1 && detail.rowNumberEnd >= detail.rowNumberStart;

/** The service reads a request's rows in chunks of 10 and names only the first failure of each. */
const ROWS_PER_REPORTED_CHUNK = 10;

/**
 * Folds the tasks' outcomes into the report: every item of a FAIL task fails, and so does an
 * item whose row a fail_detail names (rows are 1-based within the task's request). When the
 * task dropped more rows than it names, the rows that may be the unnamed ones are reported too
 * (see rowsThatMayBeUnnamed): an item is never shown as imported when it may not have been.
 */
export function applyTaskResults(report: ImportReport, statuses: Map<string, TaskStatus>): ImportReport {
	const more: ItemProblem[] = [];
	const fail = (itemIndex: number, rule: Rule, message: string) => more.push({ itemIndex, rule, message });
	for (const outcome of report.outcomes) {
		const task = outcome.kind === 'accepted' ? statuses.get(outcome.accepted.reply.taskId) : undefined;
		// A task still running has no outcome yet: the failures a read showed along the way (it
		// may still end FAIL, or drop other rows) are shown on its items, not made their errors.
		if (!task || task.status === 'PENDING_PARSE' || outcome.kind !== 'accepted') continue;
		const { itemIndexes } = outcome.batch;
		if (task.status === 'FAIL') {
			// An item is told the reason given for its own row, or for a range of rows holding it; else the task's first.
			const firstReason = task.failDetail[0]?.reason ?? readMessages.noReasonGiven();
			const reasonByRow = new Map<number, string>();
			for (const detail of task.failDetail) if (detail.row !== null && !reasonByRow.has(detail.row)) reasonByRow.set(detail.row, detail.reason);
			const ranges = task.failDetail.filter((d) => d.row === null && namesRange(d));
			const reasonOf = (row: number) => reasonByRow.get(row) ?? ranges.find((d) => d.rowNumberStart <= row && row <= d.rowNumberEnd)?.reason ?? firstReason;
			itemIndexes.forEach((itemIndex, position) => {
				const message = runMessages.taskFailed(task.taskId, reasonOf(position + 1));
				// A re-send after a lost reply: the lost attempt may have taken the rows, whatever the reason says.
				if (outcome.afterLostReply) fail(itemIndex, 'outcomeUnknown', runMessages.taskFailedAfterLostReply(message));
				else fail(itemIndex, 'importFailed', message);
			});
			continue;
		}
		const named = new Set<number>();
		const unplaced: FailDetail[] = [];
		for (const detail of task.failDetail) {
			const row = detail.row;
			if (row === null || row < 1 || row > itemIndexes.length) unplaced.push(detail);
			else if (!named.has(row)) {
				named.add(row);
				fail(itemIndexes[row - 1], 'rowDropped', runMessages.rowDropped(task.taskId, detail.reason));
			}
		}
		const dropped = droppedRows(task, itemIndexes.length);
		if (dropped <= named.size && !unplaced.length) continue;
		const message = runMessages.rowMaybeDropped(task.taskId, dropped, named.size, ROWS_PER_REPORTED_CHUNK);
		for (const row of rowsThatMayBeUnnamed(named, unplaced, itemIndexes.length)) fail(itemIndexes[row - 1], 'rowMaybeDropped', message);
	}
	return withFailures(report, more);
}

/**
 * How many of a request's rows its task dropped: its fail count, or, once it is done, what its
 * counts of rows and successes leave over if that is more (counts that disagree are read the
 * way that reports more items, never fewer). A success count of 0 in a task that added rows is
 * taken for a missing one.
 */
export function droppedRows(task: TaskStatus, rows: number): number {
	if (task.status !== 'AVAILABLE' || task.totalCount !== rows || task.successCount <= 0) return task.failCount;
	return Math.max(task.failCount, rows - task.successCount);
}

/**
 * 1-based rows that may hold the failures a task did not name: those after a named row in its
 * chunk of 10 (only the first failure of a chunk is named), the range of an entry that names no
 * row, and every row when nothing places the failures.
 */
function rowsThatMayBeUnnamed(named: Set<number>, unplaced: FailDetail[], rows: number): number[] {
	const maybe = new Set<number>();
	const add = (from: number, to: number) => {
		for (let row = Math.max(1, from); row <= Math.min(to, rows); row++) if (!named.has(row)) maybe.add(row);
	};
	for (const row of named) add(row + 1, Math.ceil(row / ROWS_PER_REPORTED_CHUNK) * ROWS_PER_REPORTED_CHUNK);
	for (const detail of unplaced) {
		if (namesRange(detail)) add(detail.rowNumberStart, detail.rowNumberEnd);
		else add(1, rows);
	}
	if (!named.size && !unplaced.length) add(1, rows);
	return [...maybe].sort((a, b) => a - b);
}

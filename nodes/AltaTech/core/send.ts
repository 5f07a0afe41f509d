import { apiFailure, PARAMETER_ERROR, toBatchFailure, type ApiFailure } from './apiErrors';
import { makeBatch } from './batch';
import { backoffMs, type BackoffPolicy } from './retry';
import type { Batch, BatchOutcome } from './types';

/** A request either returns a task id or says why it failed; it never throws for an API error. */
export type SubmitResult = { taskId: string } | { failure: ApiFailure };

/** Retries cover failures that took nothing (5xx, 429, 50000, 40008, refused/reset connections). */
export interface RetryPolicy extends BackoffPolicy {
	/**
	 * Whether a request whose outcome is unknown may be sent again. Only safe when the table has
	 * unique fields: then a re-send cannot duplicate rows.
	 */
	resendWhenUnknown: boolean;
}

export interface SendOptions {
	/**
	 * Sends one request. `upcoming` is the planned batch sent next, if any: its body can be
	 * prepared while this request is in flight.
	 */
	submit(batch: Batch, upcoming?: Batch): Promise<SubmitResult>;
	/** Stop after a request fails as a whole; later batches are reported as not sent. */
	stopOnRequestError: boolean;
	/** Stop after a batch in which the server refused records (isolated or in a part it could not split further). */
	stopOnRejectedRecord: boolean;
	retry: RetryPolicy;
	/** Parallel requests (1..8); batches still report in order. */
	concurrency: number;
	/** Least time between the starts of two requests, for rate limits. */
	intervalMs: number;
	/** Injected so the core has no timers of its own. */
	sleep(ms: number): Promise<void>;
	now(): number;
	/** Told after each request, e.g. for logging. */
	onRequestDone?(outcome: BatchOutcome, plannedBatches: number): void;
}

/**
 * Refused as a whole with a parameter error: the API took none of its records, because of
 * records in it. Whether split down to the refused record or not, this is about records, not
 * a failed request: under Skip the run goes on.
 */
export const refused = (outcome: BatchOutcome) => outcome.error?.code === PARAMETER_ERROR && !outcome.outcomeUnknown && !outcome.refusedForAll;

/** A refusal's reason without the record's position, to compare the reasons of different records. */
const reasonOf = (outcome: BatchOutcome) => (outcome.error?.serverMessage ?? outcome.error?.message ?? '').replace(/records\[\d+\]/g, 'records[]');
/** Isolating a few bad records in 1000 costs about 20 requests each; past this, stop digging. */
export const MAX_SPLIT_REQUESTS_PER_BATCH = 100;

const LOST_REPLY_NOTE = 'An earlier attempt lost its reply and may have imported the records: check the table (or Get Import Status) before re-running them';

/**
 * A part of a request whose reply was lost: the lost attempt may have imported its rows, so its
 * failure cannot say they are not in the table. A refusal is reported as after a lost reply;
 * any other failure as an unknown outcome.
 */
function mayHaveBeenImportedBefore(outcome: BatchOutcome): void {
	if (!outcome.error || outcome.outcomeUnknown) return;
	if (refused(outcome)) {
		outcome.afterLostReply = true;
		return;
	}
	outcome.outcomeUnknown = true;
	outcome.error = { ...outcome.error, message: `${outcome.error.message}. ${LOST_REPLY_NOTE}` };
}

/**
 * A request not sent (again) because the run stopped. A part of a request whose reply was lost
 * may be in the table all the same (the lost attempt may have imported it): never "not sent".
 */
function heldBack(batch: Batch, lostBefore: boolean): BatchOutcome {
	if (!lostBefore) return { batch, notSent: true };
	const message = `Not sent again, because the run stopped at another request's failure. ${LOST_REPLY_NOTE}`;
	return { batch, outcomeUnknown: true, error: toBatchFailure(apiFailure({ outcomeUnknown: true, message })) };
}

function part(batch: Batch, start: number, end?: number): Batch {
	return makeBatch(batch.number, batch.records.slice(start, end), batch.itemIndexes.slice(start, end));
}

/**
 * Step 4: send the batches. Failures that took nothing are retried with exponential backoff
 * and jitter. A batch rejected with a parameter error (40000: the API discards the whole batch
 * for one bad record) is split in halves and the halves re-sent, down to single records, so
 * every record the server accepts still lands and only the rejected ones are reported.
 */
export async function sendBatches(batches: Batch[], options: SendOptions): Promise<BatchOutcome[]> {
	const perBatch: BatchOutcome[][] = new Array(batches.length);
	let stopped = false;
	// When splitting a batch found no good record at all, the error may not be about records
	// (a wrong format, say): later refused batches are then only probed, split once (2 requests,
	// not ~2n). A probe that finds a good half shows a batch of good and refused records (a
	// re-run whose first rows are stored already): splitting is back on, that batch included.
	let splitting = true;
	// Whether the refusals look like the request's fault rather than its records' (see refusedForAll).
	let acceptedAny = false;
	let refusedAlone = 0;
	const reasonsAlone = new Set<string>();
	let nextStart = 0;
	const gate = async () => {
		const wait = nextStart - options.now();
		nextStart = Math.max(nextStart, options.now()) + options.intervalMs;
		if (wait > 0) await options.sleep(wait);
	};

	const sendBatch = async (batch: Batch): Promise<BatchOutcome[]> => {
		let budget = MAX_SPLIT_REQUESTS_PER_BATCH;
		const own: BatchOutcome[] = [];
		// Decided once per batch, so requests of other batches in flight (concurrency) cannot change it midway.
		let mode: 'split' | 'probe' | undefined;
		// The batch was refused on a re-send after a lost reply (its parts' refusals may be the lost attempt's rows).
		let afterLostReply = false;
		const sendHalves = async (outcome: BatchOutcome): Promise<void> => {
			const { batch: current } = outcome;
			outcome.split = true;
			budget -= 2;
			const middle = Math.ceil(current.records.length / 2);
			// A part whose own attempt lost its reply hands that on: the lost attempt may hold its halves' rows.
			const lostBefore = outcome.afterLostReply === true;
			const halves = [await send(part(current, 0, middle), lostBefore), await send(part(current, middle), lostBefore)];
			if (mode !== 'probe' || !halves.some((half) => half.taskId !== undefined)) return;
			mode = 'split';
			splitting = true;
			// The probe's refused halves went unsplit: now that the batch proved mixed, they are split too.
			for (const half of halves) if (refused(half) && !half.split && half.batch.records.length > 1 && budget >= 2) await sendHalves(half);
		};
		const send = async (current: Batch, lostBefore = false): Promise<BatchOutcome> => {
			await gate();
			// Another request's failure may have stopped the run while this one waited its turn (Batch Interval).
			if (stopped) {
				const held = heldBack(current, lostBefore);
				own.push(held);
				return held;
			}
			let outcome = await requestWithRetries(current, options, batches[next], gate, () => stopped);
			if (outcome.notSent) outcome = heldBack(current, lostBefore);
			if (lostBefore) mayHaveBeenImportedBefore(outcome);
			let splittable = false;
			if (refused(outcome)) {
				if (current === batch) {
					afterLostReply = outcome.afterLostReply === true;
					// After a lost reply the lost attempt most often took every record: probe (2 requests), and
					// split on only if a half goes, i.e. the batch also held records that went nowhere.
					mode = splitting && !afterLostReply ? 'split' : 'probe';
				}
				if (current.records.length === 1) outcome.rejectedRecord = true;
				// A probe splits only the whole batch; in split mode every refused part is split.
				else splittable = budget >= 2 && (mode === 'split' || current === batch);
			}
			own.push(outcome);
			options.onRequestDone?.(outcome, batches.length);
			if (splittable) await sendHalves(outcome);
			return outcome;
		};
		await send(batch);
		// In split mode every refused part of several records is split, unless the budget ran out:
		// its records were refused for others' sake, and must not be told another record's reason.
		if (mode === 'split') for (const o of own) if (refused(o) && !o.split && o.batch.records.length > 1) o.splitAbandoned = true;
		const accepted = own.some((o) => o.taskId !== undefined);
		if (mode === 'split' && accepted) splitting = true;
		// Refusals after a lost reply are about the records (the lost attempt's): no sign of a wrong format.
		else if (own.length > 1 && !accepted && !afterLostReply) splitting = false;
		for (const o of own) {
			if (o.taskId !== undefined) {
				acceptedAny = true;
			} else if (o.rejectedRecord) {
				refusedAlone++;
				reasonsAlone.add(reasonOf(o));
			}
		}
		if (!acceptedAny && refusedAlone >= 2 && reasonsAlone.size === 1) for (const o of own) if (refused(o)) o.refusedForAll = true;
		const failures = own.filter((o) => o.error && !o.split);
		if (failures.some((o) => !refused(o))) stopped ||= options.stopOnRequestError;
		else if (failures.length) stopped ||= options.stopOnRejectedRecord;
		return own;
	};

	let next = 0;
	const worker = async () => {
		while (next < batches.length) {
			const index = next++;
			perBatch[index] = stopped ? [{ batch: batches[index], notSent: true }] : await sendBatch(batches[index]);
		}
	};
	const workers = Math.max(1, Math.min(options.concurrency, batches.length));
	await Promise.all(Array.from({ length: workers }, worker));
	return perBatch.flat();
}

/**
 * `gate` spaces the starts of requests (Batch Interval); a retry is a request too. `stopped`
 * tells whether another request's failure has stopped the run: then no retry is sent.
 */
async function requestWithRetries(
	batch: Batch,
	options: SendOptions,
	upcoming: Batch | undefined,
	gate: () => Promise<void>,
	stopped: () => boolean,
): Promise<BatchOutcome> {
	const started = options.now();
	let unknownBefore = false;
	for (let attempt = 0; ; attempt++) {
		const result = await submitSafely(batch, options, upcoming);
		const timing = { retries: attempt, durationMs: options.now() - started };
		if ('taskId' in result) return { batch, taskId: result.taskId, ...timing, ...(unknownBefore ? { resentAfterUnknown: true } : {}) };
		const { failure } = result;
		const canRetry = attempt < options.retry.maxRetries;
		if (failure.outcomeUnknown) {
			unknownBefore = true;
			if (!options.retry.resendWhenUnknown || !canRetry) {
				const message = `${failure.message}. The records were not sent again, to avoid duplicates: check the table (or Get Import Status) before re-running them`;
				return { batch, outcomeUnknown: true, error: toBatchFailure({ ...failure, message }), ...timing };
			}
		} else if (unknownBefore && failure.code === PARAMETER_ERROR) {
			// Refused on a re-send after a lost reply: the lost attempt may have taken some or all of the
			// records, or some were stored before. Probed like a refusal (on a table with unique fields a
			// split cannot duplicate), so records that went nowhere can still go.
			return { batch, error: toBatchFailure(failure), afterLostReply: true, ...timing };
		} else if (!failure.retryable || !canRetry) {
			// After a lost reply, any later failure still leaves the lost attempt's import possible.
			if (unknownBefore) return { batch, outcomeUnknown: true, error: toBatchFailure({ ...failure, message: `${failure.message}. ${LOST_REPLY_NOTE}` }), ...timing };
			return { batch, error: toBatchFailure(failure), ...timing };
		}
		await options.sleep(backoffMs(attempt, options.retry, failure.retryAfterMs));
		await gate();
		if (stopped()) {
			// The run stopped while this request waited to be retried. What failed so far took
			// nothing, unless a reply was lost: then the lost attempt may have imported the rows.
			if (!unknownBefore) return { batch, notSent: true };
			return { batch, outcomeUnknown: true, error: toBatchFailure({ ...failure, message: `${failure.message}. ${LOST_REPLY_NOTE}` }), ...timing };
		}
	}
}

async function submitSafely(batch: Batch, options: SendOptions, upcoming: Batch | undefined): Promise<SubmitResult> {
	try {
		return await options.submit(batch, upcoming);
	} catch (error) {
		// A bug or an unexpected exception still fails only this request, and says so.
		return { failure: { message: `The request failed unexpectedly: ${(error as Error)?.message ?? String(error)}` } };
	}
}

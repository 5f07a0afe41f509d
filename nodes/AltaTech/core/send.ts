import { toBatchFailure, type ApiFailure } from './apiErrors';
import { csvBytesOf } from './csv';
import type { Batch, BatchOutcome } from './types';

/** A request either returns a task id or says why it failed; it never throws for an API error. */
export type SubmitResult = { taskId: string } | { failure: ApiFailure };

export interface SendOptions {
	submit(batch: Batch): Promise<SubmitResult>;
	/** Stop after a request fails as a whole; later batches are reported as not sent. */
	stopOnRequestError: boolean;
	/** Stop after a batch in which the server rejected individual records. */
	stopOnRejectedRecord: boolean;
	/** Told after each request, e.g. for logging. */
	onRequestDone?(outcome: BatchOutcome, plannedBatches: number): void;
}

const PARAMETER_ERROR = 40000;
/** Isolating a few bad records in 1000 costs about 20 requests each; past this, stop digging. */
const MAX_SPLIT_REQUESTS_PER_BATCH = 100;

function part(batch: Batch, start: number, end?: number): Batch {
	const records = batch.records.slice(start, end);
	return { number: batch.number, records, itemIndexes: batch.itemIndexes.slice(start, end), csvBytes: csvBytesOf(records) };
}

/**
 * Step 4: send the batches in order. A batch rejected with a parameter error (40000: the API
 * discards the whole batch for one bad record) is split in halves and the halves re-sent, down
 * to single records, so every record the server accepts still lands and only the rejected ones
 * are reported. Other errors are never split.
 */
export async function sendBatches(batches: Batch[], options: SendOptions): Promise<BatchOutcome[]> {
	const outcomes: BatchOutcome[] = [];
	let stopped = false;
	// When splitting a batch found no good record at all, the error is not about records
	// (a wrong format, say): later batches are then not split, which would cost ~2n requests each.
	let splitting = true;

	for (const batch of batches) {
		if (stopped) {
			outcomes.push({ batch, notSent: true });
			continue;
		}
		let budget = MAX_SPLIT_REQUESTS_PER_BATCH;
		const own: BatchOutcome[] = [];
		const send = async (current: Batch): Promise<void> => {
			const outcome = await request(current, options);
			const splittable = outcome.error?.code === PARAMETER_ERROR && current.records.length > 1 && splitting && budget >= 2;
			if (splittable) {
				outcome.split = true;
				budget -= 2;
			} else if (outcome.error?.code === PARAMETER_ERROR && current.records.length === 1) {
				outcome.rejectedRecord = true;
			}
			own.push(outcome);
			options.onRequestDone?.(outcome, batches.length);
			if (splittable) {
				const middle = Math.ceil(current.records.length / 2);
				await send(part(current, 0, middle));
				await send(part(current, middle));
			}
		};
		await send(batch);
		outcomes.push(...own);

		if (own.length > 1 && !own.some((o) => o.taskId !== undefined)) splitting = false;
		const failures = own.filter((o) => o.error && !o.split);
		if (failures.some((o) => !o.rejectedRecord)) stopped = options.stopOnRequestError;
		else if (failures.length) stopped = options.stopOnRejectedRecord;
	}
	return outcomes;
}

async function request(batch: Batch, options: SendOptions): Promise<BatchOutcome> {
	try {
		const result = await options.submit(batch);
		return 'taskId' in result ? { batch, taskId: result.taskId } : { batch, error: toBatchFailure(result.failure) };
	} catch (error) {
		// A bug or an unexpected exception still fails only this request, and says so.
		return { batch, error: { message: `The request failed unexpectedly: ${(error as Error)?.message ?? String(error)}` } };
	}
}

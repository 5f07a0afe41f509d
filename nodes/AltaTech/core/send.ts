import { toBatchFailure, type ApiFailure } from './apiErrors';
import type { Batch, BatchOutcome } from './types';

/** A request either returns a task id or says why it failed; it never throws for an API error. */
export type SubmitResult = { taskId: string } | { failure: ApiFailure };

export interface SendOptions {
	submit(batch: Batch): Promise<SubmitResult>;
	/** Stop after the first failed request; the batches after it are reported as not sent. */
	stopOnError: boolean;
	/** Told after each request, e.g. for logging. */
	onBatchDone?(outcome: BatchOutcome, totalBatches: number): void;
}

/** Step 4: send the batches in order, one request each, and say how each ended. */
export async function sendBatches(batches: Batch[], options: SendOptions): Promise<BatchOutcome[]> {
	const outcomes: BatchOutcome[] = [];
	let stopped = false;
	for (const batch of batches) {
		if (stopped) {
			outcomes.push({ batch, notSent: true });
			continue;
		}
		let outcome: BatchOutcome;
		try {
			const result = await options.submit(batch);
			outcome = 'taskId' in result ? { batch, taskId: result.taskId } : { batch, error: toBatchFailure(result.failure) };
		} catch (error) {
			// A bug or an unexpected exception still fails only this batch, and says so.
			outcome = { batch, error: { message: `The request failed unexpectedly: ${(error as Error)?.message ?? String(error)}` } };
		}
		stopped = outcome.error !== undefined && options.stopOnError;
		outcomes.push(outcome);
		options.onBatchDone?.(outcome, batches.length);
	}
	return outcomes;
}

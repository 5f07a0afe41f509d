import type { ApiResult } from './apiErrors';
import { readMessages } from './messages';

export interface BackoffPolicy {
	/** Attempts after the first. */
	maxRetries: number;
	/** First backoff; it doubles per attempt, with jitter, up to 30 s. A server's Retry-After wins when longer. */
	baseDelayMs: number;
}

/** Reads the user sets no retries for (Get Many, Get Import Status): a read changes nothing, so it is retried as Add's defaults retry. */
export const READ_RETRIES: BackoffPolicy = { maxRetries: 3, baseDelayMs: 1000 };

const MAX_BACKOFF_MS = 30_000;
const MAX_SERVER_WAIT_MS = 5 * 60_000;
/** A retry left less time than this to answer would only end in a timeout that hides the real error. */
const MIN_TIME_FOR_A_READ_MS = 1000;

export function backoffMs(attempt: number, policy: BackoffPolicy, serverWaitMs: number | undefined): number {
	const exponential = Math.min(MAX_BACKOFF_MS, policy.baseDelayMs * 2 ** attempt);
	const jittered = exponential / 2 + Math.random() * (exponential / 2); // spreads clients that failed together
	return Math.max(jittered, Math.min(serverWaitMs ?? 0, MAX_SERVER_WAIT_MS));
}

/** How a read waits: `sleep` ends at once, and `isCancelled` turns true, when the execution is stopped. */
export interface ReadWaits {
	sleep(ms: number): Promise<void>;
	isCancelled(): boolean;
}

/**
 * Retries a read (schema, task status, records): reading twice changes nothing, so a lost reply
 * is retried like any transient failure. After a stop no read starts.
 */
export async function readWithRetries<T>(
	read: () => Promise<ApiResult<T>>,
	policy: BackoffPolicy,
	waits: ReadWaits,
	/** When the read serves a wait with a deadline: no retry starts without a second left for it. */
	timeLeftMs: () => number = () => Infinity,
): Promise<ApiResult<T>> {
	for (let attempt = 0; ; attempt++) {
		if (waits.isCancelled()) return { ok: false, failure: { message: readMessages.stopped() } };
		const result = await read();
		if (result.ok || attempt >= policy.maxRetries || !(result.failure.retryable || result.failure.outcomeUnknown)) return result;
		const backoff = backoffMs(attempt, policy, result.failure.retryAfterMs);
		if (backoff + MIN_TIME_FOR_A_READ_MS > timeLeftMs()) return result;
		await waits.sleep(backoff);
		if (waits.isCancelled()) return result;
	}
}

import type { IExecuteFunctions } from 'n8n-workflow';

import type { ApiResult } from '../../core/apiErrors';
import { readWithRetries, type BackoffPolicy } from '../../core/retry';
import { createApiClient } from '../../transport';
import { pause } from '../../transport/pause';

/** What every request of one execution shares: the client, the clock, the stop signal. */
export type Session = Awaited<ReturnType<typeof openSession>>;

export async function openSession(context: IExecuteFunctions, options: { timeoutMs: number; retry: BackoffPolicy }) {
	// Missing in older n8n versions: then only n8n's own abort of the requests applies.
	const cancelSignal = context.getExecutionCancelSignal?.();
	const client = await createApiClient(context, { timeoutMs: options.timeoutMs, cancelSignal });
	// Sleeps that end at once when the execution is stopped.
	const sleep = async (ms: number) => await pause(ms, cancelSignal);
	const isCancelled = () => cancelSignal?.aborted === true;
	return {
		client,
		post: async (path: string, body: object) => await client.request('POST', path, body as never),
		/** A read, retried as `retry` says (within `timeLeftMs` when it serves a wait with a deadline). */
		read: async <T>(read: () => Promise<ApiResult<T>>, timeLeftMs?: () => number) => await readWithRetries(read, options.retry, { sleep, isCancelled }, timeLeftMs),
		clock: { now: Date.now, sleep },
		isCancelled,
		retry: options.retry,
	};
}

import type { IExecuteFunctions } from 'n8n-workflow';

import type { PostJson } from '../../core/bulk/endpoint';
import type { Clock } from '../../core/bulk/engine';
import type { BackoffPolicy } from '../../core/retry';
import { createApiClient, type ApiClient } from '../../transport';
import { pause } from '../../transport/pause';

/** What every request of one execution shares: the client, the clock, the stop signal. */
export interface Session {
	client: ApiClient;
	post: PostJson;
	clock: Clock;
	isCancelled(): boolean;
	/** Sleeps that end at once when the execution is stopped. */
	sleep(ms: number): Promise<void>;
	retry: BackoffPolicy;
}

export async function openSession(context: IExecuteFunctions, options: { timeoutMs: number; retry: BackoffPolicy }): Promise<Session> {
	// Missing in older n8n versions: then only n8n's own abort of the requests applies.
	const cancelSignal = context.getExecutionCancelSignal?.();
	const client = await createApiClient(context, { timeoutMs: options.timeoutMs, cancelSignal });
	const sleep = async (ms: number) => await pause(ms, cancelSignal);
	return {
		client,
		post: async (path, body) => await client.request('POST', path, body as never),
		clock: { now: Date.now, sleep },
		isCancelled: () => cancelSignal?.aborted === true,
		sleep,
		retry: options.retry,
	};
}

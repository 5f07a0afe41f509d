import type { ApiFailure, ApiResult } from '../apiErrors';
import { requestMessages } from '../messages';
import type { BulkOptions } from './engine';
import type { Batch, SendResult } from './outcome';
import { halvesOf, type RequestLimits } from './plan';

/** What one write endpoint takes and answers: the engine does the rest. */
export interface Endpoint<R, A> {
	path: string;
	limits: RequestLimits<R>;
	/** The request's JSON body. */
	body(batch: Batch<R>): object;
	/** A 2xx reply read into what was accepted and which records the server refused (or why the reply says nothing). */
	readReply(body: unknown, batch: Batch<R>): SendResult<A>;
	/** Whether a re-send after a lost reply cannot store a record twice. */
	resendAfterLostReply: boolean;
}

/** A request as the transport makes it: a failure comes back as a value. */
export type PostJson = (path: string, body: object) => Promise<ApiResult<unknown>>;

/**
 * Gateways that had passed the request on and then gave up on the server's reply: the records
 * may be stored, so such an answer is a lost reply, not a failure that took nothing. Other 5xx
 * are retried: a 502 or 503 most often means the request got nowhere.
 */
const GATEWAY_GAVE_UP = new Set([504, 520, 524, 598]);

function asWriteFailure(failure: ApiFailure): ApiFailure {
	const status = failure.httpStatus;
	if (status !== undefined && GATEWAY_GAVE_UP.has(status)) return { ...failure, retryable: false, outcomeUnknown: true, message: requestMessages.gatewayGaveUp(status) };
	return failure;
}

/** The endpoint's part of the engine's options. */
export function endpointOptions<R, A>(endpoint: Endpoint<R, A>, post: PostJson): Pick<BulkOptions<R, A>, 'send' | 'halves' | 'resendAfterLostReply'> {
	return {
		async send(batch) {
			const result = await post(endpoint.path, endpoint.body(batch));
			return result.ok ? endpoint.readReply(result.body, batch) : { ok: false, failure: asWriteFailure(result.failure) };
		},
		halves: halvesOf(endpoint.limits),
		resendAfterLostReply: endpoint.resendAfterLostReply,
	};
}

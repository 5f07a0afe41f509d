import { API_CODE_TEXT, failureMessages, HTTP_STATUS_TEXT } from './messages';

const PARAMETER_ERROR = 40000;
/** Statuses that say the address serves no such request: a parameter error's code then says nothing of the records. */
const notServedHere = (httpStatus: number | undefined) => httpStatus === 404 || httpStatus === 405;

function meaningOf(code?: number, httpStatus?: number): string {
	// A code of its own (table not found, key refused) says more than the status.
	if ((code === undefined || code === PARAMETER_ERROR) && notServedHere(httpStatus)) return HTTP_STATUS_TEXT[httpStatus!];
	if (code !== undefined && API_CODE_TEXT[code]) return API_CODE_TEXT[code];
	if (httpStatus !== undefined && HTTP_STATUS_TEXT[httpStatus]) return HTTP_STATUS_TEXT[httpStatus];
	if (httpStatus !== undefined && httpStatus >= 500) return failureMessages.serverError(httpStatus);
	return code !== undefined ? failureMessages.errorCode(code) : failureMessages.failed();
}

/** A call's answer: its body, or why there is none. */
export type ApiResult<T> = { ok: true; body: T } | { ok: false; failure: ApiFailure };

/**
 * A failed API call as the transport reports it. Built from the response alone: nothing of
 * the request (and so nothing of the key) is kept.
 */
export interface ApiFailure {
	message: string;
	code?: number;
	httpStatus?: number;
	/** What the server said, verbatim. */
	serverMessage?: string;
	/** Nothing was taken and the same request may succeed later: 5xx, 429, 50000, 40008, refused or reset connections. */
	retryable?: boolean;
	/** The request may have been imported (it timed out after it was sent, or the reply was unreadable). */
	outcomeUnknown?: boolean;
	/** How long the server asked us to wait (Retry-After, X-RateLimit-Reset). */
	retryAfterMs?: number;
}

/**
 * The API's parameter error: it read the whole body and refused the request's records. Not so
 * when the status says the address serves no such request (a data centre without the endpoint).
 */
export const isRecordRefusal = (failure: ApiFailure) => failure.code === PARAMETER_ERROR && !notServedHere(failure.httpStatus);

const RATE_LIMITED = 40008;
const RETRYABLE_CODES = new Set([50000, RATE_LIMITED]);

/** Whether a failed answer is worth the same request again, by the vendor's and HTTP's rules. */
function isRetryableAnswer(code: number | undefined, httpStatus: number | undefined): boolean {
	if (code !== undefined && RETRYABLE_CODES.has(code)) return true;
	return httpStatus !== undefined && (httpStatus >= 500 || httpStatus === 429);
}

/**
 * Retry-After (seconds or an HTTP date) or X-RateLimit-Reset (epoch seconds, epoch milliseconds,
 * or seconds to wait when small), in milliseconds from `now`; the longer when both are given.
 * X-RateLimit-Reset counts only for a rate limit (`rateLimited`, or no requests remaining): a
 * server sends it with every reply, and a 500 is not to wait for the window to end.
 */
export function retryAfterMs(headers: Record<string, unknown> | undefined, now: number, rateLimited: boolean): number | undefined {
	const header = (name: string) => {
		const value = headers?.[name] ?? headers?.[name.toLowerCase()];
		return value === undefined || value === null ? undefined : String(Array.isArray(value) ? value[0] : value).trim();
	};
	const windowEnds = rateLimited || header('x-ratelimit-remaining') === '0' ? rateLimitResetWait(header('x-ratelimit-reset'), now) : undefined;
	const waits = [retryAfterWait(header('retry-after'), now), windowEnds].filter((ms) => ms !== undefined);
	return waits.length ? Math.max(...waits) : undefined;
}

/** A refusal for too many requests: HTTP 429 or AltaTech's 40008. */
export const isRateLimit = (failure: ApiFailure) => failure.httpStatus === 429 || failure.code === RATE_LIMITED;

function retryAfterWait(value: string | undefined, now: number): number | undefined {
	if (!value) return undefined;
	if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function rateLimitResetWait(value: string | undefined, now: number): number | undefined {
	const reset = Number(value);
	if (!value || !Number.isFinite(reset) || reset <= 0) return undefined;
	if (reset > 1e12) return Math.max(0, reset - now); // epoch milliseconds (from 2001 on)
	return reset > 1e9 ? Math.max(0, reset * 1000 - now) : reset * 1000;
}

export function apiFailure(init: Omit<ApiFailure, 'message'> & { message?: string }): ApiFailure {
	const retryable = init.retryable ?? (!init.outcomeUnknown && isRetryableAnswer(init.code, init.httpStatus));
	return { ...init, retryable, message: init.message ?? meaningOf(init.code, init.httpStatus) };
}

/** The vendor's error codes in words a workflow builder can act on. */
const CODE_MEANINGS: Record<number, string> = {
	40000: 'The API rejected the request (parameter error)',
	40008: "Too many requests: the agent's requests-per-minute limit was exceeded; try again later",
	40107: 'The API key has expired: create a new key and update the AltaTech credential',
	40113: 'The API key has no access to this agent',
	40127: 'The API key was rejected (developer authentication failed): check the AltaTech credential',
	40353: "The agent's plan or credits are insufficient",
	40379: "The agent's plan or credits are insufficient",
	20022: "The agent's plan or credits are insufficient",
	20055: 'The API is disabled for this agent',
	403106: 'The table was not found: check the Table ID',
	403131: 'The API key has no access to this table',
	50000: 'AltaTech had an internal error; try again later',
};

const STATUS_MEANINGS: Record<number, string> = {
	400: 'The API rejected the request',
	401: 'The API key was rejected: check the AltaTech credential',
	403: 'The API key is not allowed to do this',
	404: 'The API address was not found: check the Base URL of the AltaTech credential',
	429: 'Too many requests: the rate limit was exceeded; try again later',
};

function meaningOf(code?: number, httpStatus?: number): string {
	if (code !== undefined && CODE_MEANINGS[code]) return CODE_MEANINGS[code];
	if (httpStatus !== undefined && STATUS_MEANINGS[httpStatus]) return STATUS_MEANINGS[httpStatus];
	if (httpStatus !== undefined && httpStatus >= 500) return `AltaTech answered with a server error (HTTP ${httpStatus}); try again later`;
	return code !== undefined ? `The API answered with error code ${code}` : 'The request to AltaTech failed';
}

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

/** The API's parameter error: it refused the request's records (it had read the whole body). */
export const PARAMETER_ERROR = 40000;

const RETRYABLE_CODES = new Set([50000, 40008]);

/** Whether a failed answer is worth the same request again, by the vendor's and HTTP's rules. */
function isRetryableAnswer(code: number | undefined, httpStatus: number | undefined): boolean {
	if (code !== undefined && RETRYABLE_CODES.has(code)) return true;
	return httpStatus !== undefined && (httpStatus >= 500 || httpStatus === 429);
}

/**
 * Retry-After (seconds or an HTTP date) or X-RateLimit-Reset (epoch seconds, epoch milliseconds,
 * or seconds to wait when small), in milliseconds from `now`; the longer when both are given.
 */
export function retryAfterMs(headers: Record<string, unknown> | undefined, now: number): number | undefined {
	const header = (name: string) => {
		const value = headers?.[name] ?? headers?.[name.toLowerCase()];
		return value === undefined || value === null ? undefined : String(Array.isArray(value) ? value[0] : value).trim();
	};
	const waits = [retryAfterWait(header('retry-after'), now), rateLimitResetWait(header('x-ratelimit-reset'), now)].filter((ms) => ms !== undefined);
	return waits.length ? Math.max(...waits) : undefined;
}

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
	const retryable = init.retryable ?? (init.outcomeUnknown ? false : isRetryableAnswer(init.code, init.httpStatus));
	return { ...init, retryable, message: init.message ?? meaningOf(init.code, init.httpStatus) };
}

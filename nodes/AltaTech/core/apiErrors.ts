import type { BatchFailure } from './types';

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

export const AUTH_ERROR_CODES = new Set([40107, 40113, 40127]);

export function meaningOf(code?: number, httpStatus?: number): string {
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
}

export function apiFailure(init: Omit<ApiFailure, 'message'> & { message?: string }): ApiFailure {
	return { ...init, message: init.message ?? meaningOf(init.code, init.httpStatus) };
}

export function toBatchFailure(failure: ApiFailure): BatchFailure {
	const parts = [
		failure.code !== undefined ? `Code ${failure.code}.` : '',
		failure.httpStatus !== undefined ? `HTTP ${failure.httpStatus}.` : '',
		failure.serverMessage ? `The server said: "${failure.serverMessage}"` : '',
	];
	return {
		message: failure.message,
		description: parts.filter(Boolean).join(' '),
		serverMessage: failure.serverMessage,
		code: failure.code,
		httpStatus: failure.httpStatus,
	};
}

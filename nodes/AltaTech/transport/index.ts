import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { apiFailure, isRateLimit, retryAfterMs, type ApiFailure, type ApiResult } from '../core/apiErrors';
import { insecureBaseUrlReason } from '../core/baseUrl';
import { connectionMessages } from '../core/messages';
import { abortableWait } from './pause';

export const CREDENTIAL_TYPE = 'altaTechApi';
const DEFAULT_BASE_URL = 'https://altatech.ai';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

export interface ApiClient {
	/** `timeoutMs` shortens the client's Timeout for this request (a wait with little time left). */
	request<T = unknown>(method: IHttpRequestMethods, path: string, body?: IDataObject, qs?: IDataObject, limits?: { timeoutMs?: number }): Promise<ApiResult<T>>;
}

interface Envelope {
	code?: unknown;
	message?: unknown;
}

/**
 * All HTTP goes through n8n's helper, so proxies and credential injection work as in any node.
 * Failures come back as values built from the response alone: nothing of the request (and so
 * nothing of the key) is kept.
 */
export async function createApiClient(
	context: Context,
	{ timeoutMs: clientTimeoutMs = 120_000, cancelSignal }: { timeoutMs?: number; cancelSignal?: AbortSignal } = {},
): Promise<ApiClient> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	// Handed to every request, so n8n does not load and decrypt the credential again for each
	// of an import's (up to thousands of) requests: it still applies it (authenticate) each time.
	// At 100k rows in n8n 2.41.1 the node's own time is 0.62 s with this, 0.81 s without (-23%).
	const reference = context.getNode().credentials?.[CREDENTIAL_TYPE];
	const credentialsDecrypted = { id: reference?.id ?? '', name: reference?.name ?? '', type: CREDENTIAL_TYPE, data: credentials };
	// Trimmed as the credential sends it: a key pasted with a space is still cut from echoed text.
	const apiKey = String(credentials.apiKey ?? '').trim();
	// Trimmed as the credential test does: a URL pasted with a space around it still works.
	const baseUrl = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '') || DEFAULT_BASE_URL;
	const refusal = insecureBaseUrlReason(baseUrl);
	if (refusal) throw new NodeOperationError(context.getNode(), refusal, { description: connectionMessages.baseUrlAdvice() });

	return {
		async request<T>(method: IHttpRequestMethods, path: string, body?: IDataObject, qs?: IDataObject, limits?: { timeoutMs?: number }) {
			// Whole ms: AbortSignal.timeout throws on a fraction (a Wait Timeout of 2.0005 s leaves one).
			const timeoutMs = Math.max(1, Math.ceil(Math.min(clientTimeoutMs, limits?.timeoutMs ?? Infinity)));
			const options: IHttpRequestOptions = {
				method,
				url: `${baseUrl}${path}`,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				arrayFormat: 'repeat',
				timeout: timeoutMs,
				// n8n would follow a redirect with the Authorization header, to any host, even over plain http.
				disableFollowRedirect: true,
			};
			if (body) options.body = body;
			if (qs) options.qs = qs;
			let response: HttpResponse | typeof PAST_DEADLINE;
			try {
				const answer: Promise<HttpResponse> = context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, options, { credentialsDecrypted });
				response = await withinDeadline(answer, timeoutMs, cancelSignal);
			} catch (error) {
				if (cancelSignal?.aborted) return { ok: false, failure: stoppedWhileSent() };
				const failure = networkFailure(error, baseUrl, timeoutMs);
				return { ok: false, failure: { ...failure, message: cutKey(failure.message, apiKey) } };
			}
			if (response === PAST_DEADLINE) return { ok: false, failure: cancelSignal?.aborted ? stoppedWhileSent() : timedOut(timeoutMs) };
			const result = readResponse<T>(response.statusCode, withoutKey(response.body, apiKey));
			if (!result.ok && result.failure.retryable) result.failure.retryAfterMs = retryAfterMs(response.headers, Date.now(), isRateLimit(result.failure));
			return result;
		},
	};
}

type HttpResponse = { statusCode: number; body: unknown; headers?: Record<string, unknown> };
const PAST_DEADLINE: unique symbol = Symbol('past the deadline');

/**
 * The HTTP client's timeout stops at the reply's headers: a body that then drips in slowly
 * could hold the run for ever. The whole answer gets the same time; a request left behind
 * settles unheard; so does one still out when the execution is stopped.
 */
async function withinDeadline(answer: Promise<HttpResponse>, timeoutMs: number, cancelSignal?: AbortSignal): Promise<HttpResponse | typeof PAST_DEADLINE> {
	answer.catch(() => undefined); // if the deadline wins, the request's own failure comes later, unheard
	const deadline = abortableWait(timeoutMs, cancelSignal);
	try {
		return await Promise.race([answer, deadline.ended.then((): typeof PAST_DEADLINE => PAST_DEADLINE)]);
	} finally {
		deadline.cancel();
	}
}

/**
 * The error n8n shows for a failed call, built from the failure alone, so it holds no secret:
 * a NodeApiError when the server answered, a NodeOperationError when it could not be reached
 * (NodeApiError would swap our message for its own on seeing a system error code in it).
 */
export function apiError(context: Context, failure: ApiFailure, extra: { message?: string; description?: string; itemIndex?: number } = {}) {
	if (failure.httpStatus === undefined && failure.code === undefined) {
		return new NodeOperationError(context.getNode(), extra.message ?? failure.message, { description: extra.description, itemIndex: extra.itemIndex });
	}
	return new NodeApiError(context.getNode(), { message: failure.message, code: failure.code ?? null } as JsonObject, {
		message: extra.message ?? failure.message,
		description: extra.description ?? (failure.serverMessage ? connectionMessages.serverSaid(failure.serverMessage) : undefined),
		httpCode: failure.httpStatus !== undefined ? String(failure.httpStatus) : undefined,
		itemIndex: extra.itemIndex,
	});
}

/**
 * A server or proxy may quote the request back (the Authorization header among it), and its
 * text reaches error messages and output items: the key is cut out of a reply before the reply
 * is read (and before a long text is shortened, which could leave part of the key).
 */
function withoutKey(body: unknown, apiKey: string): unknown {
	if (typeof body === 'string') return cutKey(body, apiKey);
	const message = (body as Envelope | null | undefined)?.message;
	return typeof message === 'string' && cutKey(message, apiKey) !== message ? { ...(body as object), message: cutKey(message, apiKey) } : body;
}

const cutKey = (text: string, apiKey: string) => (apiKey && text.includes(apiKey) ? text.split(apiKey).join('[API key]') : text);

/** Connection errors that happen before the server has taken the request: safe to send again. */
const BEFORE_SENDING = new Set(['ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Also before the server has the request, but sending again would fail the same way. */
const NEVER_SENT = /^(ENOTFOUND|EPROTO|CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;
const TIMED_OUT = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED']);

type WrappedError = { code?: unknown; httpCode?: unknown; message?: unknown; messages?: unknown; cause?: unknown };

/**
 * n8n wraps the HTTP client's error in a NodeApiError that keeps the system error code as
 * `httpCode` and the original text in `messages`; other paths keep it on `code`/`cause`.
 */
function errorCodes(error: unknown): { codes: string[]; messages: string[] } {
	const codes: string[] = [];
	const messages: string[] = [];
	let current = error as WrappedError | undefined;
	for (let depth = 0; current && depth < 4; depth++) {
		for (const code of [current.code, current.httpCode]) if (typeof code === 'string') codes.push(code);
		if (Array.isArray(current.messages)) messages.push(...current.messages.filter((m): m is string => typeof m === 'string'));
		if (typeof current.message === 'string') messages.push(current.message);
		current = current.cause as WrappedError | undefined;
	}
	return { codes, messages };
}

/** Cut short by stopping the execution, not by the server: whether it took the request is unknown. */
const stoppedWhileSent = (): ApiFailure => apiFailure({ outcomeUnknown: true, message: connectionMessages.stoppedWhileSent() });

function timedOut(timeoutMs: number): ApiFailure {
	return apiFailure({
		outcomeUnknown: true,
		message: connectionMessages.timedOut(timeoutMs),
	});
}

function networkFailure(error: unknown, baseUrl: string, timeoutMs: number): ApiFailure {
	const { codes, messages } = errorCodes(error);
	if (codes.some((c) => TIMED_OUT.has(c)) || messages.some((m) => /timeout|timed out/i.test(m))) return timedOut(timeoutMs);
	// Closed or reset without an answer: the server may have read the whole request first (a crash,
	// a proxy's timeout mid-import), and a client cannot tell; a refused connection or a failed write can.
	if (codes.includes('ECONNRESET')) {
		return apiFailure({
			outcomeUnknown: true,
			message: connectionMessages.closedWithoutAnswer(baseUrl),
		});
	}
	const notSent = codes.find((c) => BEFORE_SENDING.has(c) || NEVER_SENT.test(c));
	if (notSent) {
		return apiFailure({ retryable: BEFORE_SENDING.has(notSent), message: connectionMessages.unreachable(baseUrl, notSent) });
	}
	// Anything else (a reply cut off or garbled, an aborted stream, an unexpected error) may come
	// after the server took the request: reported as unknown, so it is never re-sent blindly.
	const code = codes.find((c) => /^E[A-Z]+$/.test(c));
	return apiFailure({ outcomeUnknown: true, message: connectionMessages.failedUnreadable(baseUrl, code ? undefined : (messages[0] ?? String(error))) });
}

/** Failure is an HTTP status >= 400 or a JSON envelope whose code is not 0; handle both. */
function readResponse<T>(httpStatus: number, body: unknown): ApiResult<T> {
	if (httpStatus >= 300 && httpStatus < 400) {
		return { ok: false, failure: apiFailure({ httpStatus, message: connectionMessages.redirect(httpStatus) }) };
	}
	if (typeof body === 'string') {
		const text = body.trim();
		try {
			body = text ? JSON.parse(text) : undefined;
		} catch {
			// The status says what failed (a 404 page: the Base URL serves no such request); the text is only quoted.
			if (httpStatus >= 400) return { ok: false, failure: apiFailure({ httpStatus, serverMessage: text.slice(0, 200) }) };
			// A 2xx the client cannot read may still have imported the records.
			return { ok: false, failure: apiFailure({ httpStatus, message: connectionMessages.bodyNotJson(), outcomeUnknown: true, serverMessage: text.slice(0, 200) }) };
		}
	}
	const envelope = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Envelope;
	// A code sent as text ("40127") is the same code: read as success, it would hide the failure.
	const code = typeof envelope.code === 'number' ? envelope.code : typeof envelope.code === 'string' && /^\d+$/.test(envelope.code.trim()) ? Number(envelope.code) : undefined;
	if (httpStatus >= 400 || (code !== undefined && code !== 0)) {
		const serverMessage = typeof envelope.message === 'string' ? envelope.message : undefined;
		return { ok: false, failure: apiFailure({ code, httpStatus, serverMessage }) };
	}
	return { ok: true, body: body as T };
}

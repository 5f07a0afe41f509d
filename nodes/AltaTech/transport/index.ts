import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { apiFailure, type ApiFailure } from '../core/apiErrors';

export const CREDENTIAL_TYPE = 'altaTechApi';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

export type ApiResult<T> = { ok: true; body: T } | { ok: false; failure: ApiFailure };

export interface ApiClient {
	baseUrl: string;
	request<T = unknown>(method: IHttpRequestMethods, path: string, body?: IDataObject, qs?: IDataObject): Promise<ApiResult<T>>;
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
export async function createApiClient(context: Context): Promise<ApiClient> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const baseUrl = String(credentials.baseUrl || 'https://altatech.ai').replace(/\/+$/, '');

	return {
		baseUrl,
		async request<T>(method: IHttpRequestMethods, path: string, body?: IDataObject, qs?: IDataObject) {
			const options: IHttpRequestOptions = {
				method,
				url: `${baseUrl}${path}`,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				arrayFormat: 'repeat',
			};
			if (body) options.body = body;
			if (qs) options.qs = qs;
			let response: { statusCode: number; body: unknown };
			try {
				response = await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, options);
			} catch (error) {
				return { ok: false, failure: apiFailure({ message: `Could not reach AltaTech at ${baseUrl}: ${networkReason(error)}` }) };
			}
			return readResponse<T>(response.statusCode, response.body);
		},
	};
}

/** The NodeApiError n8n shows for a failed call; built from the failure alone, so it holds no secret. */
export function apiError(context: Context, failure: ApiFailure, extra: { message?: string; description?: string; itemIndex?: number } = {}) {
	return new NodeApiError(context.getNode(), { message: failure.message, code: failure.code ?? null } as JsonObject, {
		message: extra.message ?? failure.message,
		description: extra.description ?? (failure.serverMessage ? `The server said: "${failure.serverMessage}"` : undefined),
		httpCode: failure.httpStatus !== undefined ? String(failure.httpStatus) : undefined,
		itemIndex: extra.itemIndex,
	});
}

function networkReason(error: unknown): string {
	const { code, message } = (error ?? {}) as { code?: string; message?: string };
	return code ? `${code}${message && !message.includes(code) ? ` (${message})` : ''}` : (message ?? String(error));
}

/** Failure is an HTTP status >= 400 or a JSON envelope whose code is not 0; handle both. */
function readResponse<T>(httpStatus: number, body: unknown): ApiResult<T> {
	if (typeof body === 'string') {
		const text = body.trim();
		try {
			body = text ? JSON.parse(text) : undefined;
		} catch {
			const message =
				httpStatus >= 400
					? `AltaTech answered HTTP ${httpStatus} without a readable body`
					: 'AltaTech answered with a body that is not valid JSON, so the outcome of this request is unknown';
			return { ok: false, failure: apiFailure({ httpStatus, message, serverMessage: text.slice(0, 200) }) };
		}
	}
	const envelope = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Envelope;
	const code = typeof envelope.code === 'number' ? envelope.code : undefined;
	if (httpStatus >= 400 || (code !== undefined && code !== 0)) {
		const serverMessage = typeof envelope.message === 'string' ? envelope.message : undefined;
		return { ok: false, failure: apiFailure({ code, httpStatus, serverMessage }) };
	}
	return { ok: true, body: body as T };
}

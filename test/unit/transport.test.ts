/**
 * The transport around n8n's request helper: here the helper is a stand-in, to give it answers
 * and failures the emulator cannot (a text body quoting the key, an exception quoting it, a
 * request that never settles).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { createApiClient } from '../../nodes/AltaTech/transport';

const KEY = 'k-secret-123';

function contextWith(httpRequestWithAuthentication: () => Promise<unknown>): IExecuteFunctions {
	return {
		getCredentials: async () => ({ apiKey: KEY, baseUrl: 'https://api.example.test' }),
		getNode: () => ({ credentials: {} }),
		helpers: { httpRequestWithAuthentication },
	} as unknown as IExecuteFunctions;
}

describe('the API key never leaves the transport', () => {
	it('is cut from a text error body that quotes the request', async () => {
		const client = await createApiClient(contextWith(async () => ({ statusCode: 400, body: `Unexpected header Authorization: Bearer ${KEY}`, headers: {} })));
		const result = await client.request('POST', '/x', {});
		expect(result.ok).toBe(false);
		expect(JSON.stringify(result)).not.toContain(KEY);
	});

	it('is cut from the message of a request that failed', async () => {
		const client = await createApiClient(
			contextWith(async () => {
				throw new Error(`proxy said: Bearer ${KEY}`);
			}),
		);
		const result = await client.request('POST', '/x', {});
		expect(result.ok).toBe(false);
		expect(JSON.stringify(result)).not.toContain(KEY);
	});
});

describe('what a failed answer means is read from its status and code, never from its body text', () => {
	const answer = async (statusCode: number, body: unknown, headers: Record<string, string> = {}) => {
		const client = await createApiClient(contextWith(async () => ({ statusCode, body, headers })));
		return await client.request('POST', '/x', {});
	};

	it('a 404 or 401 with a web page says the same as with an empty body, and quotes the page', async () => {
		for (const status of [401, 404, 405, 429, 502]) {
			const [page, empty] = [await answer(status, '<html><h1>Not here</h1></html>'), await answer(status, '')];
			if (page.ok || empty.ok) throw new Error('accepted');
			expect([status, page.failure.message, page.failure.retryable]).toEqual([status, empty.failure.message, empty.failure.retryable]);
			expect(page.failure.serverMessage).toBe('<html><h1>Not here</h1></html>');
		}
	});

	it('takes an error code sent as text for the code, not for success', async () => {
		for (const code of ['403131', ' 40127 ']) {
			const result = await answer(200, { code, message: 'no' });
			expect([code, result.ok]).toEqual([code, false]);
			if (!result.ok) expect(result.failure.code).toBe(Number(code));
		}
		expect((await answer(200, { code: '0', message: 'OK', data: {} })).ok).toBe(true);
	});

	it('waits for X-RateLimit-Reset on a rate limit only, not on a server error', async () => {
		const headers = { 'x-ratelimit-remaining': '598', 'x-ratelimit-reset': '20' };
		const serverError = await answer(500, { code: 50000, message: 'oops' }, headers);
		const rateLimited = await answer(429, { code: 40008, message: 'slow down' }, headers);
		expect([serverError.ok, !serverError.ok && serverError.failure.retryAfterMs]).toEqual([false, undefined]);
		expect([rateLimited.ok, !rateLimited.ok && rateLimited.failure.retryAfterMs]).toEqual([false, 20_000]);
	});
});

it('a stop ends a request in flight at once, even one the helper never settles', async () => {
	const stop = new AbortController();
	const client = await createApiClient(contextWith(async () => await new Promise(() => undefined)), { timeoutMs: 60_000, cancelSignal: stop.signal });
	setTimeout(() => stop.abort(), 50);
	const started = Date.now();
	const result = await client.request('POST', '/x', {});
	expect(result.ok).toBe(false);
	expect(Date.now() - started).toBeLessThan(1000);
}, 10_000);

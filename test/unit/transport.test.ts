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

it('a stop ends a request in flight at once, even one the helper never settles', async () => {
	const stop = new AbortController();
	const client = await createApiClient(contextWith(async () => await new Promise(() => undefined)), { timeoutMs: 60_000, cancelSignal: stop.signal });
	setTimeout(() => stop.abort(), 50);
	const started = Date.now();
	const result = await client.request('POST', '/x', {});
	expect(result.ok).toBe(false);
	expect(Date.now() - started).toBeLessThan(1000);
}, 10_000);

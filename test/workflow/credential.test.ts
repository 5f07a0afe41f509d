/**
 * The credential's Test button, run the way n8n's credentials tester runs it (see
 * test/harness/credentialTest.js): n8n-core's RoutingNode sends the test request with the
 * credential applied; an HTTP error status or a matching body rule fails the test.
 */
import { API_KEY, autoMapParameters, run, useTestEmulator } from './setup';

const { testCredential } = require('../harness/credentialTest');
const { runAltaTechWorkflow } = require('../harness/workflow');

/**
 * An HTTP error status fails the test with the message of its rule where n8n reads the rule
 * (2.x), else in n8n's own words for the status (1.x, and this in-process tester built on
 * n8n-core 1.x): either way the test fails.
 */
const STATUS_REFUSED = /^(The API key was refused|Authorization failed|Forbidden)/;

/** The message for a refused key: plain, saying where to get the key again. */
const KEY_REFUSED = /^The API key was refused \(unknown, expired, or without access to this agent\): copy the key again from Integrations > API Key in AltaTech/;

const emulator = useTestEmulator();
afterEach(() => emulator.configure({ errorStyle: 'http', refusedKeys: {} }));

describe('AltaTech API credential test', () => {
	it('passes for a working key, sending it as a Bearer token', async () => {
		emulator.reset();
		expect(await testCredential({ apiKey: API_KEY, baseUrl: `${emulator.url}/` })).toEqual({ status: 'OK' });
		expect(emulator.requests.at(-1)).toMatchObject({ apiKey: API_KEY, path: '/v1/bot/detail', status: 200 });
	});

	it('fails for a rejected key (HTTP 401)', async () => {
		emulator.reset();
		expect(await testCredential({ apiKey: 'nope', baseUrl: emulator.url })).toEqual({ status: 'Error', message: expect.stringMatching(STATUS_REFUSED) });
		expect(emulator.requests.at(-1)).toMatchObject({ path: '/v1/bot/detail', status: 401 });
	});

	it('fails for any HTTP error status, an error envelope, or an answer that is not the API: says why in plain words', async () => {
		const http = await import('node:http');
		let answer = { status: 403, body: '{"code":40113,"message":"no access"}' };
		const site = http.createServer((_req, res) => res.writeHead(answer.status).end(answer.body));
		await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = site.address() as { port: number };
			const test = async (status: number, body: string) => {
				answer = { status, body };
				return (await testCredential({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}` })) as { status: string; message: string };
			};
			expect(await test(403, '{"code":40113,"message":"no access"}')).toEqual({ status: 'Error', message: expect.stringMatching(STATUS_REFUSED) });
			// Any status >= 400 fails, whatever its body says (or does not say).
			for (const [status, body] of [[401, '{"error":"invalid_token"}'], [403, '{"message":"Forbidden"}'], [404, '{"status":404,"error":"Not Found"}'], [404, '{"code":40000,"message":"no such path"}'], [500, '{"code":50001}'], [502, ''], [400, '{}']] as const) {
				expect([status, body, (await test(status, body)).status]).toEqual([status, body, 'Error']);
			}
			expect(await test(200, '')).toEqual({ status: 'Error', message: expect.stringMatching(/^The Base URL gave an empty answer/) });
			for (const text of ['Unauthorized', 'error code: 1020', 'OK', '"quoted"']) {
				expect(await test(200, text)).toEqual({ status: 'Error', message: expect.stringMatching(/^The Base URL did not answer as the AltaTech API does/) });
			}
			expect(await test(200, '{"code":"40127","message":"bad key"}')).toEqual({ status: 'Error', message: expect.stringMatching(KEY_REFUSED) });
			expect(await test(200, '{"code":20055,"message":"forbidden"}')).toEqual({ status: 'Error', message: expect.stringMatching(/^AltaTech answered with error code 20055: The API is disabled for this agent/) });
			// The agent's detail, bare or in the envelope.
			expect(await test(200, '{"bot_id":"b1","name":"Support"}')).toEqual({ status: 'OK' });
			expect(await test(200, '{"code":0,"message":"success","data":{"bot_id":"b1"}}')).toEqual({ status: 'OK' });
		} finally {
			site.close();
		}
	});

	it.each([
		['unknown key, code 40127', 'nope', {}],
		['expired credentials, code 40107', 'expired-key', { 'expired-key': 40107 }],
		['no access to this agent, code 40113', 'other-agent-key', { 'other-agent-key': 40113 }],
	])('fails for a key refused with HTTP 200 and an error envelope (%s)', async (_label, apiKey, refusedKeys) => {
		emulator.configure({ errorStyle: 'body', refusedKeys });
		emulator.reset();
		const result = await testCredential({ apiKey, baseUrl: emulator.url });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(KEY_REFUSED) });
		expect(emulator.requests.at(-1)).toMatchObject({ path: '/v1/bot/detail', status: 200, code: expect.any(Number) });
		expect(emulator.requests.at(-1)?.code).not.toBe(0);
	});

	it('passes for a working key when refusals come as HTTP 200 too', async () => {
		emulator.configure({ errorStyle: 'body', refusedKeys: { 'expired-key': 40107 } });
		emulator.reset();
		expect(await testCredential({ apiKey: API_KEY, baseUrl: emulator.url })).toEqual({ status: 'OK' });
		expect(emulator.requests.at(-1)).toMatchObject({ apiKey: API_KEY, status: 200, code: 0 });
	});

	it.each(['documented', 'alternate'])('passes for a working key in every published reply shape (%s)', async (shape) => {
		emulator.configure({ shape });
		emulator.reset();
		try {
			expect(await testCredential({ apiKey: API_KEY, baseUrl: emulator.url })).toEqual({ status: 'OK' });
			expect(await testCredential({ apiKey: 'nope', baseUrl: emulator.url })).toEqual({ status: 'Error', message: expect.stringMatching(STATUS_REFUSED) });
		} finally {
			emulator.configure({ shape: 'documented' });
		}
	});

	it('a key refused with HTTP 200 and code 40127 is reported by the node at execution', async () => {
		emulator.configure({ errorStyle: 'body' });
		emulator.reset();
		const result = await run(emulator, [{ a: 1 }], autoMapParameters('tbl_free'), { apiKey: 'nope' });
		expect(emulator.rows('tbl_free')).toEqual([]);
		expect(emulator.requests.map((r) => [r.status, r.code])).toEqual([[200, 40127]]);
		expect(result.error?.message).toBe('The API key was rejected (developer authentication failed): check the AltaTech credential (table "tbl_free")');
	});

	it('takes a Base URL pasted with spaces around it, in the test and in the node', async () => {
		emulator.reset();
		expect(await testCredential({ apiKey: API_KEY, baseUrl: ` ${emulator.url}/ ` })).toEqual({ status: 'OK' });
		const result = await runAltaTechWorkflow({ items: [{ a: 1 }], parameters: autoMapParameters('tbl_free'), credentials: { apiKey: API_KEY, baseUrl: ` ${emulator.url} ` } });
		expect(result.error).toBeUndefined();
		expect(emulator.rows('tbl_free')).toEqual([{ a: 1 }]);
	});

	it('an empty Base URL means https://altatech.ai (which this machine cannot reach)', async () => {
		const parameters = autoMapParameters('tbl_free', { maxRetries: 0, timeout: 2 }); // should a network let it try
		const result = await runAltaTechWorkflow({ items: [{ a: 1 }], parameters, credentials: { apiKey: API_KEY, baseUrl: '' } });
		expect(result.error?.message).toMatch(/https:\/\/altatech\.ai/);
	});

	it('fails when the Base URL answers 200 with a web page instead of the API', async () => {
		const http = await import('node:http');
		let page = '';
		const site = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
		await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = site.address() as { port: number };
			for (page of ['<!DOCTYPE html><html><body>Welcome</body></html>', '\n<!DOCTYPE html>', '\r\n<html>', '   <html>']) {
				expect(await testCredential({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}` })).toEqual({ status: 'Error', message: expect.stringMatching(/^The Base URL answered with a web page, not the AltaTech API/) });
			}
		} finally {
			site.close();
		}
	});

	it('follows no redirect: the Test fails and the key goes nowhere else', async () => {
		const http = await import('node:http');
		const received: Array<string | undefined> = [];
		const elsewhere = http.createServer((req, res) => {
			received.push(req.headers.authorization);
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"bot_id":"b1"}');
		});
		await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
		const target = `http://127.0.0.1:${(elsewhere.address() as { port: number }).port}/collect`;
		let status = 302;
		const redirecting = http.createServer((req, res) => res.writeHead(status, { location: req.url === '/v1/bot/detail' ? target : '/' }).end());
		await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
		try {
			for (status of [301, 302, 303, 307, 308]) {
				const result = await testCredential({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${(redirecting.address() as { port: number }).port}` });
				expect([status, result.status]).toEqual([status, 'Error']);
				expect(JSON.stringify(result)).not.toContain(API_KEY);
			}
			expect(received).toEqual([]);
		} finally {
			redirecting.close();
			elsewhere.close();
		}
	});

	it('refuses plain http to another host', async () => {
		emulator.reset();
		const result = await testCredential({ apiKey: API_KEY, baseUrl: 'http://altatech.example' });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/clear text/) });
		expect(result.message).not.toContain(API_KEY);
	});
});

import { API_KEY, autoMapParameters, imports, people, run, useTestEmulator } from './setup';

const { runAltaTechWorkflow, captureLogs } = require('../harness/workflow');
const { insecureBaseUrlReason } = require('../../nodes/AltaTech/core/baseUrl');
const { AltaTechApi } = require('../../dist/credentials/AltaTechApi.credentials.js');

let logs: Array<{ level: string; message: string; meta: unknown }>;
// Declared before the emulator's hooks, so that they run first: logs are captured before it starts.
beforeAll(() => {
	logs = captureLogs();
});
const emulator = useTestEmulator();
beforeEach(() => emulator.reset());

describe('the key stays secret and never crosses the network in clear text', () => {
	it.each([
		['https://altatech.ai', true],
		['https://api-sg.gptbots.ai/', true],
		['http://localhost:5678', true],
		['http://127.0.0.1:9', true],
		['http://127.8.9.10', true],
		['http://[::1]:8080', true],
		['http://altatech.ai', false],
		['http://10.0.0.5', false],
		['http://localhost.evil.com', false],
		['ftp://altatech.ai', false],
		['not a url', false],
	])('base URL %s is accepted: %s', (url, ok) => {
		expect(insecureBaseUrlReason(url) === undefined).toBe(ok);
	});

	it('the node refuses a plain-http base URL to another host before sending anything', async () => {
		const result = await runAltaTechWorkflow({
			items: people(1),
			parameters: autoMapParameters('tbl_free'),
			credentials: { apiKey: API_KEY, baseUrl: 'http://altatech.example' },
		});
		expect(result.error?.message).toMatch(/plain http:\/\/ to altatech\.example: the API key would cross the network in clear text/);
		expect(JSON.stringify(result.error)).not.toContain(API_KEY);
	});

	it('the credential itself refuses to sign a plain-http request to another host', async () => {
		const credential = new AltaTechApi();
		await expect(credential.authenticate({ apiKey: API_KEY, baseUrl: 'x' }, { url: 'http://example.org/v1/x' })).rejects.toThrow(/clear text/);
		const signed = await credential.authenticate({ apiKey: API_KEY }, { url: `${emulator.url}/v1/x`, headers: {} });
		expect(signed.headers.Authorization).toBe(`Bearer ${API_KEY}`);
	});

	it('logs one line per request with figures only, never the data or the key', async () => {
		logs.length = 0;
		await run(emulator, people(2500), autoMapParameters('tbl_free'));
		const requestLines = logs.filter((l) => l.message.startsWith('AltaTech: table tbl_free'));
		expect(requestLines.map((l) => l.message.replace(/\d+ ms/, 'N ms').replace(/\w{24}$/, 'ID'))).toEqual([
			`AltaTech: table tbl_free, batch 1 of 3: 1000 records, ${imports(emulator)[0].csvBytes} bytes, N ms, 0 retries, accepted, task ID`,
			`AltaTech: table tbl_free, batch 2 of 3: 1000 records, ${imports(emulator)[1].csvBytes} bytes, N ms, 0 retries, accepted, task ID`,
			`AltaTech: table tbl_free, batch 3 of 3: 500 records, ${imports(emulator)[2].csvBytes} bytes, N ms, 0 retries, accepted, task ID`,
		]);
		const everything = JSON.stringify(logs);
		expect(everything).not.toContain(API_KEY);
		expect(everything).not.toContain('Person 1');
	});

	it('a key saved with spaces around it is sent trimmed, and cut from a reply that quotes it', async () => {
		emulator.configure({ faults: [{ kind: 'echoAuthorization', requests: [1] }] });
		try {
			const result = await run(emulator, people(1), autoMapParameters('tbl_free'), { apiKey: ` ${API_KEY} ` });
			const error = result.error as any;
			expect(imports(emulator)).toHaveLength(1); // the key was taken: the reply quotes it
			const seen = JSON.stringify({ message: error.message, description: error.description, context: error.context, cause: error.cause, stack: error.stack });
			expect(seen).toContain('Bearer [API key]');
			expect(seen).not.toContain(API_KEY);
		} finally {
			emulator.configure({ faults: [] });
		}
	});

	it('does not follow a redirect: the key goes to no other address', async () => {
		const http = require('node:http');
		// Points every request at the emulator (another origin): n8n would follow it with the Authorization header.
		const redirector = http.createServer((req: any, res: any) => {
			req.resume();
			res.writeHead(307, { Location: `${emulator.url}${req.url}` });
			res.end();
		});
		await new Promise((resolve) => redirector.listen(0, '127.0.0.1', resolve));
		try {
			const baseUrl = `http://127.0.0.1:${redirector.address().port}`;
			const result = await runAltaTechWorkflow({ items: people(2), parameters: autoMapParameters('tbl_free'), credentials: { apiKey: API_KEY, baseUrl } });
			expect(emulator.requests).toEqual([]);
			expect(result.error?.message).toMatch(/redirect \(HTTP 307\), which the node does not follow/);
		} finally {
			redirector.close();
		}
	});

	it('a rejected key never shows in the error, its context or its cause', async () => {
		const wrongKey = 'sk-wrong-abcdef123456';
		const result = await run(emulator, people(3), autoMapParameters('tbl_free'), { apiKey: wrongKey });
		const error = result.error as any;
		const seen = JSON.stringify({ message: error.message, description: error.description, context: error.context, cause: error.cause, errorResponse: error.errorResponse, stack: error.stack });
		expect(seen).not.toContain(wrongKey);
		expect(JSON.stringify(logs)).not.toContain(wrongKey);
	});
});

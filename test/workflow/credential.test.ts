/**
 * The credential's test request, run the way n8n's credentials tester runs it: the request's
 * expressions resolved against the credential, the `authenticate` block applied, an HTTP error
 * status failing the test, then each `responseSuccessBody` rule checked against the body.
 */
import axios from 'axios';
import { Workflow } from 'n8n-workflow';

import { API_KEY, autoMapParameters, run, shutdownN8nCore, startTestEmulator, type Emulator } from './setup';

const { AltaTechApi } = require('../../dist/credentials/AltaTechApi.credentials.js');
const { createCredentialsHelper } = require('../harness/credentials');
const { loadNodeTypes, NODE_TYPE } = require('../harness/workflow');

async function testCredential(credentials: { apiKey: string; baseUrl: string }) {
	const type = new AltaTechApi();
	const node = { id: 'n', name: 'AltaTech', type: NODE_TYPE, typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: loadNodeTypes().nodeTypes });
	const resolve = (value: unknown) =>
		typeof value === 'string' && value.startsWith('=')
			? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '')
			: value;
	const request = await createCredentialsHelper({}, type).authenticate(
		credentials,
		type.name,
		{ method: 'GET', url: resolve(type.test.request.url), baseURL: resolve(type.test.request.baseURL), qs: type.test.request.qs },
		workflow,
		node,
	);
	const response = await axios.request({ ...request, params: request.qs, validateStatus: () => true });
	if (response.status >= 300) return { status: 'Error', message: `HTTP ${response.status}` };
	for (const rule of type.test.rules ?? []) {
		if (response.data?.[rule.properties.key] === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK' };
}

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterEach(() => emulator.configure({ errorStyle: 'http' }));
afterAll(async () => {
	await emulator.close();
	shutdownN8nCore();
});

describe('AltaTech API credential test', () => {
	it('passes for a working key, sending it as a Bearer token', async () => {
		emulator.reset();
		expect(await testCredential({ apiKey: API_KEY, baseUrl: `${emulator.url}/` })).toEqual({ status: 'OK' });
		expect(emulator.requests.at(-1)).toMatchObject({ apiKey: API_KEY, path: '/v1/database/query/import-results', status: 200 });
	});

	it('fails for a rejected key (HTTP 401)', async () => {
		expect(await testCredential({ apiKey: 'nope', baseUrl: emulator.url })).toEqual({ status: 'Error', message: 'HTTP 401' });
	});

	it('has no body rules: n8n cannot apply them to the empty list a working key gets', () => {
		expect(new AltaTechApi().test.rules).toBeUndefined();
	});

	it('a key refused with HTTP 200 and code 40127 is reported by the node at execution', async () => {
		emulator.configure({ errorStyle: 'body' });
		const result = await run(emulator, [{ a: 1 }], autoMapParameters('tbl_free'), { apiKey: 'nope' });
		expect(result.error?.message).toBe('The API key was rejected (developer authentication failed): check the AltaTech credential (table "tbl_free")');
	});

	it('refuses plain http to another host', async () => {
		await expect(testCredential({ apiKey: API_KEY, baseUrl: 'http://altatech.example' })).rejects.toThrow(/clear text/);
	});
});

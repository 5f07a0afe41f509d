// @ts-check
/**
 * The credential dialog's Test button, in-process: what n8n's CredentialsTester does with a
 * declarative `test` (packages/cli credentials-tester.service): a stand-in node whose only
 * property routes the test request, run by n8n-core's RoutingNode with the decrypted
 * credential (so `authenticate` applies and the real request goes out), an HTTP error status
 * failing the test (with the message of its `responseCode` rule, if one names it), then each
 * `responseSuccessBody` rule read from the first output item.
 * The e2e suite runs the real tester of n8n 1.x and 2.x; this one keeps the check in jest.
 */
const get = require('lodash/get');
const { ExecuteContext, RoutingNode } = require('n8n-core');
const { Workflow, createEmptyRunExecutionData } = require('n8n-workflow');
const { createCredentialsHelper } = require('./credentials');
const { loadNodeTypes } = require('./workflow');

/**
 * @param {{apiKey: string, baseUrl: string}} data
 * @returns {Promise<{status: 'OK'|'Error', message?: string}>}
 */
async function testCredential(data) {
	const { credentialType } = loadNodeTypes();
	const { request, rules = [] } = credentialType.test;
	const tempType = {
		description: {
			displayName: 'Temp', name: 'temp', group: ['transform'], version: 1, description: '', defaults: { name: 'Temp' },
			inputs: ['main'], outputs: ['main'],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request }, default: '' }],
		},
	};
	const nodeTypes = { getByName: () => tempType, getByNameAndVersion: () => tempType, getKnownTypes: () => ({}) };
	const node = {
		id: 'temp', name: 'Temp-Node', type: 'temp', typeVersion: 1, position: /** @type {[number, number]} */ ([0, 0]), parameters: {},
		credentials: { [credentialType.name]: { id: 'cred-test', name: 'under test' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: /** @type {any} */ (nodeTypes) });
	const additionalData = /** @type {any} */ ({ credentialsHelper: createCredentialsHelper({ 'cred-test': data }, credentialType), variables: {} });
	const inputData = { main: [[{ json: {} }]] };
	const context = new ExecuteContext(workflow, node, additionalData, 'internal', createEmptyRunExecutionData(), 0, [], inputData, { node, data: {}, source: null }, []);
	const decrypted = { id: 'cred-test', name: 'under test', type: credentialType.name, data };
	let response;
	try {
		response = await new RoutingNode(context, /** @type {any} */ (tempType), decrypted).runNode();
	} catch (error) {
		const status = error.cause?.response?.status;
		if (status !== undefined) {
			const rule = rules.find((r) => r.type === 'responseCode' && r.properties.value === status);
			if (rule) return { status: 'Error', message: rule.properties.message };
		}
		if (status !== undefined && (status < 199 || status > 299)) return { status: 'Error', message: error.cause.response.statusText || `Received HTTP status code: ${status}` };
		if (error.cause?.code) return { status: 'Error', message: error.cause.code };
		return { status: 'Error', message: String(error.message) };
	}
	for (const rule of rules) {
		if (rule.type !== 'responseSuccessBody') continue;
		// n8n reads response[0][0].json without a guard: an empty first output crashes its tester.
		const first = response?.[0]?.[0];
		if (!first) throw new Error('n8n would fail here: the test request produced no item for its body rules');
		if (get(first.json, rule.properties.key) === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK' };
}

module.exports = { testCredential };

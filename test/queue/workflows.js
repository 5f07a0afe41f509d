/**
 * The queue-mode test's fixtures: N tables in the emulator, each open to one API key only,
 * N credentials (one per key) and N webhook workflows, each importing its own rows into its
 * own table with its own credential.
 */
const { randomBytes, randomUUID } = require('node:crypto');

const NODE_TYPE = 'n8n-nodes-altatech.altaTech';
const pad = (i) => String(i).padStart(2, '0');

function fixtures(count, rowsPerExecution) {
	return Array.from({ length: count }, (_, i) => ({
		index: i,
		tableId: `tbl_q${pad(i)}`,
		apiKey: `qk-${pad(i)}-${randomBytes(8).toString('hex')}`, // random per run; never printed
		credentialId: `QueueCredential${pad(i)}`,
		workflowId: `QueueWorkflow0${pad(i)}`,
		webhookPath: `queue-import-${pad(i)}`,
		rows: rowsPerExecution,
	}));
}

function emulatorConfig(list) {
	return {
		apiKeys: list.map((f) => f.apiKey),
		tables: list.map((f) => ({
			id: f.tableId,
			name: `queue ${f.index}`,
			keys: [f.apiKey], // a request with another execution's key would be refused (403131)
			fields: [
				{ name: 'id', type: 'TEXT', required: true, unique: true },
				{ name: 'n', type: 'INT', required: false, unique: false },
			],
		})),
	};
}

function credentialsFile(list, baseUrl) {
	return list.map((f) => ({ id: f.credentialId, name: `AltaTech queue ${pad(f.index)}`, type: 'altaTechApi', data: { apiKey: f.apiKey, baseUrl } }));
}

/** The ids a fixture's execution imports: `<table>-<n>`. */
const expectedIds = (f) => Array.from({ length: f.rows }, (_, n) => `${f.tableId}-${n}`);

function workflow(f) {
	const jsCode = `return Array.from({ length: ${f.rows} }, (_, n) => ({ json: { id: '${f.tableId}-' + n, n } }));`;
	return {
		id: f.workflowId,
		name: `Queue import ${pad(f.index)}`,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{
				id: randomUUID(), name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: f.webhookPath, responseMode: 'onReceived', options: {} },
			},
			{ id: randomUUID(), name: 'Rows', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode } },
			{
				id: randomUUID(), name: 'AltaTech', type: NODE_TYPE, typeVersion: 1, position: [440, 0],
				parameters: {
					resource: 'tableData',
					operation: 'add',
					tableId: f.tableId,
					columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] },
					options: {},
				},
				credentials: { altaTechApi: { id: f.credentialId, name: `AltaTech queue ${pad(f.index)}` } },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'AltaTech', type: 'main', index: 0 }]] },
		},
	};
}

module.exports = { fixtures, emulatorConfig, credentialsFile, expectedIds, workflow };

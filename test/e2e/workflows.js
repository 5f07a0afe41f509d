/**
 * The workflows and credential the e2e suite imports with n8n's CLI. Each workflow starts with
 * a Webhook (respond with all items of the last node) so one started n8n runs them all quickly;
 * the Manual Trigger workflow is run with `n8n execute --id`.
 */
const { randomUUID } = require('node:crypto');
const { SYNC_TABLES, syncWorkflows } = require('./syncWorkflows');

const NODE_TYPE = 'n8n-nodes-altatech.altaTech';
const CREDENTIAL = { id: 'AltaTechE2eCred1', name: 'AltaTech (emulator)' };

function credentialFile(apiKey, baseUrl, { id, name } = CREDENTIAL) {
	return [{ id, name, type: 'altaTechApi', data: { apiKey, baseUrl } }];
}

const autoMap = (tableId, options = {}) => ({
	resource: 'tableData',
	operation: 'add',
	tableId,
	columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] },
	options,
});

function altaTechNode(parameters, extra = {}) {
	return {
		id: randomUUID(),
		name: 'AltaTech',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [660, 300],
		parameters,
		credentials: { altaTechApi: CREDENTIAL },
		...extra,
	};
}

function codeNode(jsCode) {
	return { id: randomUUID(), name: 'Rows', type: 'n8n-nodes-base.code', typeVersion: 2, position: [440, 300], parameters: { jsCode } };
}

function webhookNode(webhookPath) {
	return {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [220, 300],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
	};
}

function manualTriggerNode() {
	return { id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [220, 300], parameters: {} };
}

/** trigger -> Code -> AltaTech, as n8n's workflow JSON. */
function chain({ id, name, trigger, jsCode, altaTech }) {
	return {
		id,
		name,
		active: false,
		nodes: [trigger, codeNode(jsCode), altaTech],
		connections: {
			[trigger.name]: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'AltaTech', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

// Row generators: run here to know what to expect, and inside n8n's Code node (as source text)
// to make the rows the way a user's workflow would.
function products(count) {
	const colours = ['red', 'green', 'blue'];
	return Array.from({ length: count }, (_, i) => ({
		sku: 'SKU-' + String(i + 1).padStart(5, '0'),
		name: 'Product ' + (i + 1) + ', "' + colours[i % 3] + '" edition',
		price: Math.round((5 + (i % 200) / 4) * 100) / 100,
		in_stock: i % 3 !== 0,
	}));
}

function people(count) {
	return Array.from({ length: count }, (_, i) => ({ id: 'p' + i, name: 'Person ' + i }));
}

function contacts() {
	return [
		{ first: 'Ada', last: 'Lovelace', email: 'ADA@Example.com', visits: '12' },
		{ first: 'Alan', last: 'Turing', email: 'alan@example.com', visits: '7' },
	];
}

const codeFor = (generator, ...args) =>
	`const ${generator.name} = ${generator.toString()};\nreturn ${generator.name}(${args.join(', ')}).map((json) => ({ json }));`;

const contactsSchema = ['email', 'full_name', 'visits'].map((id) => ({
	id,
	displayName: id,
	required: id === 'email',
	defaultMatch: false,
	display: true,
	type: id === 'visits' ? 'number' : 'string',
	canBeUsedToMatch: false,
}));

/** Every workflow of the suite, by a short key. */
function e2eWorkflows() {
	return {
		rows2500: chain({
			id: 'e2eRows2500Hook1',
			name: 'E2E: 2,500 rows from a Code node',
			trigger: webhookNode('e2e-rows-2500'),
			jsCode: codeFor(products, 2500),
			altaTech: altaTechNode(autoMap('tbl_free')),
		}),
		manualMapping: chain({
			id: 'e2eManualMapping',
			name: 'E2E: columns mapped manually',
			trigger: webhookNode('e2e-manual-mapping'),
			jsCode: codeFor(contacts),
			altaTech: altaTechNode({
				...autoMap('tbl_contacts', { recordFormat: 'flat', batchSize: 1 }),
				columns: {
					mappingMode: 'defineBelow',
					value: {
						email: '={{ $json.email.toLowerCase() }}',
						full_name: '={{ $json.first }} {{ $json.last }}',
						visits: '={{ Number($json.visits) }}',
					},
					matchingColumns: [],
					schema: contactsSchema,
				},
			}),
		}),
		continueOnFail: chain({
			id: 'e2eContinueFail1',
			name: 'E2E: a rejected request under Continue On Fail',
			trigger: webhookNode('e2e-continue-on-fail'),
			jsCode: codeFor(people, 2500),
			// No retries: the injected failure must stay a failure.
			altaTech: altaTechNode(autoMap('tbl_unique', { maxRetries: 0 }), { onError: 'continueRegularOutput' }),
		}),
		stopOnFail: chain({
			id: 'e2eStopOnFail001',
			name: 'E2E: a rejected request stops the workflow',
			trigger: webhookNode('e2e-stop-on-fail'),
			jsCode: codeFor(people, 2500),
			altaTech: altaTechNode(autoMap('tbl_unique', { maxRetries: 0 })),
		}),
		cliManual: chain({
			id: 'e2eCliExecute001',
			name: 'E2E: manual trigger run by n8n execute',
			trigger: manualTriggerNode(),
			jsCode: codeFor(products, 1200),
			altaTech: altaTechNode(autoMap('tbl_cli')),
		}),
		...syncWorkflows(),
	};
}

const EMULATOR_TABLES = [
	{ id: 'tbl_free', name: 'free' },
	{ id: 'tbl_cli', name: 'cli' },
	{ id: 'tbl_csv', name: 'csv' },
	{
		id: 'demo_products', // the table of examples/sample-dataset-to-altatech.json (and of the emulator CLI's defaults)
		name: 'demo_products',
		fields: [
			{ name: 'id', type: 'TEXT', required: true, unique: true },
			{ name: 'name', type: 'TEXT' },
			{ name: 'price', type: 'FLOAT' },
			{ name: 'stock', type: 'INT' },
			{ name: 'active', type: 'BOOLEAN' },
			{ name: 'updated_at', type: 'DATETIME' },
		],
	},
	{
		id: 'tbl_unique',
		name: 'people',
		fields: [
			{ name: 'id', type: 'TEXT', required: true, unique: true },
			{ name: 'name', type: 'TEXT', required: false, unique: false },
		],
	},
	{
		id: 'tbl_contacts',
		name: 'contacts',
		fields: [
			{ name: 'email', type: 'TEXT', required: true, unique: true },
			{ name: 'full_name', type: 'TEXT', required: false, unique: false },
			{ name: 'visits', type: 'INT', required: false, unique: false },
		],
	},
	...SYNC_TABLES,
];

module.exports = { NODE_TYPE, CREDENTIAL, credentialFile, e2eWorkflows, EMULATOR_TABLES, autoMap, products, people, contacts, codeFor, webhookNode };

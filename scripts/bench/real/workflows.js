// @ts-check
/**
 * The bench's workflows, as n8n's workflow JSON: Webhook (?n=rows) > source > variant. The
 * webhook answers when the last node has finished, with no body, so the bench's request
 * returns once the execution is over. Executions are not saved (saving a run with 100,000
 * items would be timed as part of it).
 */
const { randomUUID } = require('node:crypto');
const { CODE_NODE_JS } = require('./rows');
const { loopAggregateHttp } = require('../alternatives');

const NODE_TYPE = 'n8n-nodes-altatech.altaTech';
const HELPER_FLOOR_TYPE = 'n8n-nodes-bench-helper-floor.helperFloor';
const CREDENTIAL = { id: 'AltaTechBenchCred1', name: 'AltaTech (bench emulator)' };
const SOURCE_NODE = 'Rows';
const TABLES = { schemaless: 'bench_table', typed: 'bench_typed', warmup: 'bench_warmup', typedWarmup: 'bench_typed_warmup' };
const RECORDS_PER_REQUEST = 1000;
/** The two write endpoints: imports (Add) and the update endpoint (Create or Update, 100 records a request). */
const WRITES = {
	import: { path: '/v1/database/import/records', recordsPerRequest: RECORDS_PER_REQUEST },
	upsert: { path: '/v2/database/update/record', recordsPerRequest: 100 },
};

const SOURCES = {
	code: { label: 'Code node' },
	http: { label: 'HTTP Request' },
};

function sourceNode(source, rowServerUrl) {
	const base = { id: randomUUID(), name: SOURCE_NODE, position: [220, 0] };
	if (source === 'code') {
		// Run Once for All Items (the Code node's default mode).
		return { ...base, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: CODE_NODE_JS } };
	}
	return {
		...base,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		// The reply is a JSON list: the node hands on one item per element.
		parameters: { url: `=${rowServerUrl}/rows?n={{ $json.query.n }}`, options: {} },
	};
}

function altaTechNode(tableId, operation = 'add', matchingColumns = [], options = {}) {
	return {
		id: randomUUID(), name: 'AltaTech', type: NODE_TYPE, typeVersion: 1, position: [440, 0],
		parameters: {
			resource: 'tableData', operation, tableId,
			columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns, schema: [] },
			options,
		},
		credentials: { altaTechApi: CREDENTIAL },
	};
}

const perRequest = (count) => Math.ceil(count / RECORDS_PER_REQUEST);

/**
 * What takes the source's items. `timed` is the node whose executionTime is the variant's
 * time; without one, the time from the source's end to the execution's end. `floor` is the
 * script the variant is compared with (floor.js).
 */
const VARIANTS = {
	node: {
		label: 'AltaTech node (Add, auto-map)',
		nodes: () => ({ nodes: [altaTechNode(TABLES.schemaless)], connections: {} }),
		timed: 'AltaTech', table: TABLES.schemaless, requests: perRequest, floor: 'floor',
	},
	/** The same with two requests in flight (Request Concurrency 2). */
	nodeConcurrent: {
		label: 'AltaTech node (Add, auto-map, Request Concurrency 2)',
		nodes: () => ({ nodes: [altaTechNode(TABLES.schemaless, 'add', [], { concurrency: 2 })], connections: {} }),
		timed: 'AltaTech', table: TABLES.schemaless, requests: perRequest, floor: 'floor',
	},
	/** Bench only: the floor's bodies sent through n8n's request helper by a node that does nothing else (helperFloor/). */
	helperFloor: {
		label: "n8n's request helper alone (a node that only sends the floor's bodies)",
		nodes: () => ({
			nodes: [{ id: randomUUID(), name: 'Helper Floor', type: HELPER_FLOOR_TYPE, typeVersion: 1, position: [440, 0], parameters: { tableId: TABLES.schemaless }, credentials: { altaTechApi: CREDENTIAL } }],
			connections: {},
		}),
		timed: 'Helper Floor', table: TABLES.schemaless, requests: perRequest, floor: 'floor',
	},
	nodeTyped: {
		label: 'AltaTech node into a typed table',
		nodes: () => ({ nodes: [altaTechNode(TABLES.typed)], connections: {} }),
		timed: 'AltaTech', table: TABLES.typed, typed: true, requests: perRequest, floor: 'floorTyped',
	},
	engineOnly: {
		label: "n8n alone (No Operation in the node's place)",
		nodes: () => ({
			nodes: [{ id: randomUUID(), name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [440, 0], parameters: {} }],
			connections: {},
		}),
		table: TABLES.schemaless, requests: () => 0, rows: () => 0,
	},
	loopAggregateHttp: {
		label: 'Loop Over Items (1000) > Aggregate > HTTP Request',
		nodes: ({ emulatorUrl, apiKey }) => loopAggregateHttp({ url: emulatorUrl, apiKey, tableId: TABLES.schemaless }),
		table: TABLES.schemaless, requests: perRequest,
	},
	/** Create or Update into the typed table, matching on its unique SKU: the update endpoint, 100 records a request. */
	upsert: {
		label: 'AltaTech node (Create or Update)',
		nodes: () => ({ nodes: [altaTechNode(TABLES.typed, 'upsert', ['sku'])], connections: {} }),
		timed: 'AltaTech', table: TABLES.typed, typed: true, write: 'upsert', requests: (count) => Math.ceil(count / WRITES.upsert.recordsPerRequest), floor: 'floorUpsert',
	},
};

const webhookPath = (source, variant) => `bench-${source}-${variant}`;

function benchWorkflow({ source, variant, rowServerUrl, emulatorUrl, apiKey }) {
	const webhook = {
		id: randomUUID(), name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath(source, variant), responseMode: 'lastNode', responseData: 'noData', options: {} },
	};
	const tail = VARIANTS[variant].nodes({ emulatorUrl, apiKey });
	return {
		id: `bench${source}${variant}`.slice(0, 16).padEnd(16, '0'),
		name: `bench ${source} ${variant}`,
		active: false,
		nodes: [webhook, sourceNode(source, rowServerUrl), ...tail.nodes],
		connections: {
			Webhook: { main: [[{ node: SOURCE_NODE, type: 'main', index: 0 }]] },
			[SOURCE_NODE]: { main: [[{ node: tail.nodes[0].name, type: 'main', index: 0 }]] },
			...tail.connections,
		},
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none', saveDataErrorExecution: 'none', saveManualExecutions: false, saveExecutionProgress: false },
	};
}

/**
 * A workflow that does nothing, run before each measured run: n8n holds on to the last
 * execution's data until the next execution replaces it, so without it the RSS before a run
 * would count the previous run's items (100k rows: about 100 MB, freed during the next run).
 */
const FLUSH = { id: 'benchflush000000', path: 'bench-flush' };

function flushWorkflow() {
	return {
		id: FLUSH.id,
		name: 'bench flush',
		active: false,
		nodes: [
			{
				id: randomUUID(), name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: FLUSH.path, responseMode: 'lastNode', responseData: 'noData', options: {} },
			},
			{ id: randomUUID(), name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { Webhook: { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none', saveDataErrorExecution: 'none', saveManualExecutions: false, saveExecutionProgress: false },
	};
}

function credentialFile(apiKey, baseUrl) {
	return [{ ...CREDENTIAL, type: 'altaTechApi', data: { apiKey, baseUrl } }];
}

module.exports = { SOURCES, VARIANTS, TABLES, WRITES, SOURCE_NODE, RECORDS_PER_REQUEST, FLUSH, benchWorkflow, flushWorkflow, webhookPath, credentialFile };

/**
 * The e2e workflows of the operations that keep a table in sync (Create or Update, Update, Delete,
 * Get Many), each started by a Webhook whose JSON body says what to write, answering with the last
 * node's items. Version 1.1 nodes take the table from the resource locator (From List, By ID);
 * version 1 nodes (what workflows saved before the table picker hold) keep the text Table ID.
 */
const { randomUUID } = require('node:crypto');

// workflows.js takes SYNC_TABLES and syncWorkflows from here, so its helpers are read when used.
const W = () => require('./workflows');

// Row generators: run here to know what to expect, and (catalog) inside n8n's Code node.
function catalog(count, edition) {
	return Array.from({ length: count }, (_, i) => ({
		sku: 'C-' + String(i + 1).padStart(5, '0'),
		name: 'Item ' + (i + 1) + (edition && i % 2 ? ' ' + edition : ''),
		price: (i % 50) + 0.5,
	}));
}

function team(count) {
	return Array.from({ length: count }, (_, i) => ({ id: 'm' + i, name: 'Member ' + i, team: i % 2 ? 'red' : 'blue' }));
}

function directory(count) {
	return Array.from({ length: count }, (_, i) => ({ id: 'd' + i, name: 'Entry ' + i }));
}

function crmContacts() {
	return ['ada', 'grace', 'alan', 'linus', 'edsger'].map((first) => ({ email: first + '@example.com', full_name: first[0].toUpperCase() + first.slice(1) }));
}

/** The tables of the examples' copies (syncExamples.js): products with one already stored, and synced contacts. */
const SHEET_TABLE = {
	id: 'tbl_sheet_products',
	name: 'products',
	fields: [
		{ name: 'sku', type: 'TEXT', required: true, unique: true },
		{ name: 'name', type: 'TEXT' },
		{ name: 'price', type: 'FLOAT' },
		{ name: 'stock', type: 'INT' },
	],
	rows: [
		{ sku: 'SKU-1001', name: 'Desk lamp', price: 19.9, stock: 3 },
		{ sku: 'SKU-0999', name: 'Wooden stool', price: 35, stock: 8 },
	],
};
const CRM_TABLE = {
	id: 'tbl_crm_contacts',
	name: 'contacts',
	fields: [
		{ name: 'email', type: 'TEXT', required: true, unique: true },
		{ name: 'full_name', type: 'TEXT' },
	],
	rows: crmContacts(),
};

const SYNC_TABLES = [
	SHEET_TABLE,
	CRM_TABLE,
	{
		id: 'tbl_catalog',
		name: 'catalog',
		fields: [
			{ name: 'sku', type: 'TEXT', required: true, unique: true },
			{ name: 'name', type: 'TEXT' },
			{ name: 'price', type: 'FLOAT' },
		],
	},
	{
		id: 'tbl_team',
		name: 'team',
		fields: [
			{ name: 'id', type: 'TEXT', required: true, unique: true },
			{ name: 'name', type: 'TEXT' },
			{ name: 'team', type: 'TEXT' },
		],
		rows: team(12),
	},
	{
		id: 'tbl_directory',
		name: 'directory',
		fields: [
			{ name: 'id', type: 'TEXT', required: true, unique: true },
			{ name: 'name', type: 'TEXT' },
		],
		rows: directory(230),
	},
];

const fromList = (value, cachedResultName) => ({ __rl: true, mode: 'list', value, cachedResultName });
const byId = (value) => ({ __rl: true, mode: 'id', value });
const autoMapColumns = (matchingColumns) => ({ mappingMode: 'autoMapInputData', value: null, matchingColumns, schema: [] });

function altaTech(name, typeVersion, parameters, extra = {}) {
	return { id: randomUUID(), name, type: W().NODE_TYPE, typeVersion, position: [0, 300], parameters: { resource: 'tableData', ...parameters }, credentials: { altaTechApi: W().CREDENTIAL }, ...extra };
}

function code(name, jsCode) {
	return { id: randomUUID(), name, type: 'n8n-nodes-base.code', typeVersion: 2, position: [0, 300], parameters: { jsCode } };
}

/** The rows the webhook's body lists, one item each. */
const bodyRows = () => code('Rows', "return $('Webhook').first().json.body.rows.map((json) => ({ json }));");

/** Webhook -> ... -> the last node, each feeding the next; the last node's items are the answer. */
function webhookChain(id, webhookPath, nodes) {
	const all = [W().webhookNode(webhookPath), ...nodes];
	all.forEach((node, i) => (node.position = [220 * (i + 1), 300]));
	const connections = {};
	for (let i = 0; i < all.length - 1; i++) connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name: `E2E sync: ${webhookPath}`, active: false, nodes: all, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

/** Every sync workflow, by a short key (ids are n8n's 16 characters). */
function syncWorkflows() {
	return {
		syncUpsert: webhookChain('e2eSyncUpsert001', 'e2e-sync-upsert', [
			code('Rows', `const catalog = ${catalog.toString()};\nconst { count, edition } = $('Webhook').first().json.body;\nreturn catalog(count, edition).map((json) => ({ json }));`),
			altaTech('AltaTech', 1.1, { operation: 'upsert', tableId: fromList('tbl_catalog', 'catalog'), columns: autoMapColumns(['sku']), options: {} }),
		]),
		// Version 1: the text Table ID of saved workflows, with the operations added later.
		syncUpdateByColumn: webhookChain('e2eSyncUpdCol001', 'e2e-sync-update-column', [
			bodyRows(),
			altaTech('AltaTech', 1, { operation: 'update', tableId: 'tbl_team', matchBy: 'column', columns: autoMapColumns(['id']), options: { onInvalidRecord: 'skip' } }),
		]),
		syncUpdateById: webhookChain('e2eSyncUpdRid001', 'e2e-sync-update-id', [
			altaTech('Find record', 1.1, { operation: 'getMany', tableId: byId('tbl_team'), returnAll: false, limit: 1, options: { filterColumn: 'id', filterValue: '={{ $json.body.id }}' } }),
			altaTech('AltaTech', 1.1, {
				operation: 'update',
				tableId: byId('tbl_team'),
				matchBy: 'recordId',
				recordId: '={{ $json.recordId }}',
				columns: { mappingMode: 'defineBelow', value: { name: "={{ $('Webhook').first().json.body.name }}" }, matchingColumns: [], schema: [] },
				options: {},
			}),
		]),
		syncDeleteByColumn: webhookChain('e2eSyncDelCol001', 'e2e-sync-delete-column', [
			bodyRows(),
			altaTech('AltaTech', 1, { operation: 'delete', tableId: 'tbl_team', deleteBy: 'column', matchColumn: 'id', matchValue: '={{ $json.id }}', options: {} }),
		]),
		syncDeleteById: webhookChain('e2eSyncDelRid001', 'e2e-sync-delete-id', [
			altaTech('Find records', 1.1, { operation: 'getMany', tableId: fromList('tbl_team', 'team'), returnAll: true, options: { keyword: '={{ $json.body.keyword }}' } }),
			altaTech('AltaTech', 1.1, { operation: 'delete', tableId: fromList('tbl_team', 'team'), deleteBy: 'recordId', recordId: '={{ $json.recordId }}', options: {} }),
		]),
		// What to read comes in the body, so one workflow runs every kind of query.
		syncGetMany: webhookChain('e2eSyncGetMany01', 'e2e-sync-get-many', [
			altaTech('AltaTech', 1.1, {
				operation: 'getMany',
				tableId: byId('tbl_directory'),
				returnAll: '={{ $json.body.returnAll === true }}',
				limit: '={{ $json.body.limit ?? 50 }}',
				options: {
					filterColumn: "={{ $json.body.filterColumn ?? '' }}",
					filterValue: "={{ $json.body.filterValue ?? '' }}",
					keyword: "={{ $json.body.keyword ?? '' }}",
				},
			}),
		]),
	};
}

module.exports = { SYNC_TABLES, SHEET_TABLE, CRM_TABLE, syncWorkflows, catalog, team, directory, crmContacts };

#!/usr/bin/env node
/**
 * Writes the example workflows (examples/*.json) from one readable definition each, so the JSON
 * files stay consistent (same node ids scheme, credential reference, positions).
 * `node examples/build-examples.js` after editing; the e2e suite imports the JSON files as they are.
 */
const fs = require('node:fs');
const path = require('node:path');

const ALTATECH_CREDENTIAL = { altaTechApi: { id: 'AltaTechApiCred1', name: 'AltaTech account' } };

const node = (id, name, type, typeVersion, x, parameters, extra = {}) => ({ id, name, type, typeVersion, position: [x, 300], parameters, ...extra });

const altaTech = (x, tableId, options = {}) =>
	node('b6f0a7de-0000-4000-8000-00000000a1a1', 'AltaTech', 'n8n-nodes-altatech.altaTech', 1, x, {
		resource: 'tableData',
		operation: 'add',
		tableId,
		columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] },
		options,
	}, { credentials: ALTATECH_CREDENTIAL });

/** An AltaTech node of version 1.1 (the table picker), for the operations other than Add. */
const altaTechSync = (id, name, x, parameters) =>
	node(id, name, 'n8n-nodes-altatech.altaTech', 1.1, x, { resource: 'tableData', ...parameters }, { credentials: ALTATECH_CREDENTIAL });

/** The table picker before a table is chosen: the editor shows "Choose a table...". */
const NO_TABLE = { __rl: true, mode: 'list', value: '' };

/** A straight chain of nodes, each feeding the next; `pinData` holds sample output of nodes by name. */
function chain(id, name, nodes, pinData = {}) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name, nodes, connections, active: false, settings: { executionOrder: 'v1' }, pinData, tags: [] };
}

/** A Columns mapper entry as the editor saves it (Map Each Column Manually). */
const mapperColumn = (id, displayName, { required = false, unique = false } = {}) => ({
	id,
	displayName,
	required: required || unique,
	defaultMatch: false,
	display: true,
	type: 'string',
	canBeUsedToMatch: unique,
	removed: false,
});

// Sample rows as the Google Sheets node gives them (with its row_number), pinned so the
// workflow runs before a Google credential is set up.
const SHEET_ROWS = [
	{ row_number: 2, sku: 'SKU-1001', name: 'Desk lamp', price: 24.9, stock: 12 },
	{ row_number: 3, sku: 'SKU-1002', name: 'Office chair', price: 149, stock: 4 },
	{ row_number: 4, sku: 'SKU-1003', name: 'Standing desk', price: 399.5, stock: 0 },
];

// The sample data set is made by a Code node, so the demo needs no file and no outside service.
const SAMPLE_PRODUCTS = `// 3,500 sample products; the demo's emulator table "demo_products" has these columns.
const colours = ['red', 'green', 'blue', 'black', 'white'];
const start = Date.UTC(2025, 0, 1);
return Array.from({ length: 3500 }, (_, i) => ({ json: {
  id: 'SKU-' + String(i + 1).padStart(5, '0'),
  name: 'Product ' + (i + 1) + ', "' + colours[i % colours.length] + '" edition',
  price: Math.round((5 + ((i * 7919) % 20000) / 100) * 100) / 100,
  stock: (i * 37) % 500,
  active: i % 4 !== 0,
  updated_at: new Date(start + i * 3600000).toISOString(),
} }));`;

const examples = {
	'sample-dataset-to-altatech': chain('AltaTechDemo0001', 'Sample dataset -> AltaTech', [
		node('b6f0a7de-0000-4000-8000-000000000001', 'When clicking "Execute workflow"', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
		node('b6f0a7de-0000-4000-8000-000000000002', 'Sample dataset', 'n8n-nodes-base.code', 2, 220, { jsCode: SAMPLE_PRODUCTS }),
		altaTech(440, 'demo_products'),
	]),
	'google-sheets-to-altatech': chain('AltaTechSheets01', 'Google Sheets -> AltaTech', [
		node('b6f0a7de-0000-4000-8000-000000000011', 'When clicking "Execute workflow"', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
		node('b6f0a7de-0000-4000-8000-000000000012', 'Read sheet rows', 'n8n-nodes-base.googleSheets', 4.5, 220, {
			documentId: { __rl: true, mode: 'url', value: 'https://docs.google.com/spreadsheets/d/YOUR_SPREADSHEET_ID/edit' },
			sheetName: { __rl: true, mode: 'name', value: 'Sheet1' },
			options: {},
		}),
		altaTech(440, 'YOUR_TABLE_ID', { unknownFields: 'ignore' }),
	]),
	'schedule-http-to-altatech': chain('AltaTechHttp0001', 'Schedule -> HTTP Request -> AltaTech', [
		node('b6f0a7de-0000-4000-8000-000000000021', 'Every night', 'n8n-nodes-base.scheduleTrigger', 1.2, 0, {
			rule: { interval: [{ field: 'days', triggerAtHour: 2 }] },
		}),
		node('b6f0a7de-0000-4000-8000-000000000022', 'Fetch products', 'n8n-nodes-base.httpRequest', 4.2, 220, {
			url: 'https://dummyjson.com/products?limit=0&select=title,price,stock,category',
			options: {},
		}),
		node('b6f0a7de-0000-4000-8000-000000000023', 'One item per product', 'n8n-nodes-base.splitOut', 1, 440, { fieldToSplitOut: 'products', options: {} }),
		altaTech(660, 'YOUR_TABLE_ID', { batchSize: 1000 }),
	]),
	'google-sheets-sync-to-altatech': chain(
		'AltaTechSheetSyn',
		'Google Sheets -> AltaTech (Create or Update, every hour)',
		[
			node('b6f0a7de-0000-4000-8000-000000000041', 'Every hour', 'n8n-nodes-base.scheduleTrigger', 1.2, 0, { rule: { interval: [{ field: 'hours' }] } }),
			node('b6f0a7de-0000-4000-8000-000000000042', 'Read product sheet', 'n8n-nodes-base.googleSheets', 4.5, 220, {
				documentId: { __rl: true, mode: 'url', value: 'https://docs.google.com/spreadsheets/d/YOUR_SPREADSHEET_ID/edit' },
				sheetName: { __rl: true, mode: 'name', value: 'Products' },
				options: {},
			}),
			altaTechSync('b6f0a7de-0000-4000-8000-000000000043', 'Create or update products', 440, {
				operation: 'upsert',
				tableId: NO_TABLE,
				columns: {
					mappingMode: 'defineBelow',
					value: { sku: '={{ $json.sku }}', name: '={{ $json.name }}', price: '={{ $json.price }}', stock: '={{ $json.stock }}' },
					matchingColumns: ['sku'],
					schema: [
						mapperColumn('sku', 'sku (unique)', { unique: true }),
						mapperColumn('name', 'name'),
						mapperColumn('price', 'price (number)'),
						mapperColumn('stock', 'stock (whole number)'),
					],
				},
				options: {},
			}),
		],
		{ 'Read product sheet': SHEET_ROWS.map((json) => ({ json })) },
	),
	'crm-deleted-contacts-to-altatech': chain('AltaTechCrmDelet', 'CRM deleted contacts -> AltaTech (Delete Records, every night)', [
		node('b6f0a7de-0000-4000-8000-000000000051', 'Every night', 'n8n-nodes-base.scheduleTrigger', 1.2, 0, {
			rule: { interval: [{ field: 'days', triggerAtHour: 3 }] },
		}),
		node('b6f0a7de-0000-4000-8000-000000000052', 'Get deleted contacts', 'n8n-nodes-base.httpRequest', 4.2, 220, {
			url: 'https://crm.example.com/api/v1/contacts?status=deleted',
			options: {},
		}),
		node('b6f0a7de-0000-4000-8000-000000000053', 'One item per contact', 'n8n-nodes-base.splitOut', 1, 440, { fieldToSplitOut: 'contacts', options: {} }),
		altaTechSync('b6f0a7de-0000-4000-8000-000000000054', 'Delete removed contacts', 660, {
			operation: 'delete',
			tableId: NO_TABLE,
			deleteBy: 'column',
			matchColumn: 'email',
			matchValue: '={{ $json.email.toLowerCase() }}',
			options: {},
		}),
	]),
	'csv-file-to-altatech': chain('AltaTechCsvFile1', 'Read CSV file -> AltaTech', [
		node('b6f0a7de-0000-4000-8000-000000000031', 'When clicking "Execute workflow"', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
		node('b6f0a7de-0000-4000-8000-000000000032', 'Read CSV file', 'n8n-nodes-base.readWriteFile', 1, 220, {
			fileSelector: '/home/node/.n8n-files/products.csv',
			options: {},
		}),
		node('b6f0a7de-0000-4000-8000-000000000033', 'Parse CSV', 'n8n-nodes-base.extractFromFile', 1, 440, { options: { headerRow: true } }),
		altaTech(660, 'YOUR_TABLE_ID'),
	]),
};

for (const [file, workflow] of Object.entries(examples)) {
	fs.writeFileSync(path.join(__dirname, `${file}.json`), `${JSON.stringify(workflow, null, '\t')}\n`);
}
console.log(`wrote ${Object.keys(examples).length} example workflows to ${path.relative(process.cwd(), __dirname) || '.'}`);

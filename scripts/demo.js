#!/usr/bin/env node
/**
 * The main job on the embedded default: starts the AltaTech emulator, runs a workflow
 * (trigger -> sample dataset -> AltaTech node) through n8n's workflow engine, and prints what
 * the table now holds and each request's task id.
 */
const { ensureInstalled, build } = require('./bootstrap');

const ROWS = 3500;
const API_KEY = 'demo-key';
const TABLE = 'demo_products';

function sampleProducts(count) {
	const colours = ['red', 'green', 'blue', 'black', 'white'];
	return Array.from({ length: count }, (_, i) => ({
		sku: `SKU-${String(i + 1).padStart(5, '0')}`,
		name: `Product ${i + 1}, "${colours[i % colours.length]}" edition`,
		price: Math.round((5 + ((i * 7919) % 20000) / 100) * 100) / 100,
		in_stock: i % 3 !== 0,
		tags: [colours[i % colours.length], i % 2 ? 'sale' : 'new'],
	}));
}

async function main() {
	ensureInstalled();
	build();
	const { startEmulator } = require('../test/emulator');
	const { runAltaTechWorkflow, shutdownN8nCore } = require('../test/harness/workflow');

	const emulator = await startEmulator({ apiKeys: [API_KEY], tables: [{ id: TABLE, name: 'products' }] });
	console.log(`AltaTech emulator listening on ${emulator.url}`);
	try {
		const items = sampleProducts(ROWS);
		const started = Date.now();
		const result = await runAltaTechWorkflow({
			items,
			credentials: { apiKey: API_KEY, baseUrl: emulator.url },
			parameters: {
				resource: 'tableData',
				operation: 'add',
				tableId: TABLE,
				columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] },
				options: {},
			},
		});
		if (result.error) throw result.error;
		const ms = Date.now() - started;

		const requests = emulator.requests.filter((r) => r.path === '/v1/database/import/records');
		console.log(`\nWorkflow imported ${items.length} rows in ${ms} ms with ${requests.length} requests:`);
		for (const r of requests) {
			console.log(`  request ${r.seq}: ${r.recordCount} records, ${r.csvBytes} CSV bytes -> task ${r.taskId}`);
		}
		const rows = emulator.rows(TABLE);
		console.log(`\nTable ${TABLE} now holds ${rows.length} rows. First and last:`);
		console.log(JSON.stringify(rows[0]));
		console.log(JSON.stringify(rows[rows.length - 1]));
		console.log(`\nNode output: ${result.output.length} items, e.g. ${JSON.stringify(result.output[0].json)}`);
	} finally {
		await emulator.close();
		shutdownN8nCore();
	}
}

main().catch((error) => {
	console.error(`Demo failed: ${error.message}`);
	process.exit(1);
});

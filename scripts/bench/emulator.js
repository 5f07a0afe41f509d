// @ts-check
/**
 * The bench's emulator: the shared out-of-process emulator (scripts/services/emulator.js) with a
 * heap large enough to store a million rows, two schemaless tables, and the figures the bench
 * checks its runs with.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startEmulatorProcess, IMPORT_PATH } = require('../services/emulator');

const API_KEY = 'bench-key';
const TABLE_ID = 'bench_table';
/** Warm-up runs go to their own table so they never count in a scenario's rows. */
const WARMUP_TABLE_ID = 'bench_warmup';
/**
 * A table as real ones are: every column declared with its type, the SKU required and unique.
 * The node then converts (DATETIME), checks types and unique values before sending.
 */
const TYPED_FIELDS = [
	{ name: 'sku', type: 'TEXT', required: true, unique: true },
	{ name: 'name', type: 'TEXT' },
	{ name: 'category', type: 'TEXT' },
	{ name: 'price', type: 'FLOAT' },
	{ name: 'stock', type: 'INT' },
	{ name: 'active', type: 'BOOLEAN' },
	{ name: 'updated_at', type: 'DATETIME' },
];
const TYPED_TABLE_ID = 'bench_typed';
const TYPED_WARMUP_TABLE_ID = 'bench_typed_warmup';

async function startEmulator() {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-bench-'));
	// Schemaless tables (no fields): every row is stored as received, nothing is typed. And typed ones.
	const schemaless = [TABLE_ID, WARMUP_TABLE_ID].map((id) => ({ id, name: id }));
	const typed = [TYPED_TABLE_ID, TYPED_WARMUP_TABLE_ID].map((id) => ({ id, name: id, fields: TYPED_FIELDS }));
	const config = { apiKeys: [API_KEY], tables: [...schemaless, ...typed] };
	const emulator = await startEmulatorProcess(config, work, { nodeArgs: ['--max-old-space-size=8192'] });
	return {
		url: emulator.url,
		apiKey: API_KEY,
		tableId: TABLE_ID,
		warmupTableId: WARMUP_TABLE_ID,
		typedTableId: TYPED_TABLE_ID,
		typedWarmupTableId: TYPED_WARMUP_TABLE_ID,
		/** Import requests the emulator answered with a task id, and all import requests it saw. */
		async importRequests(tableId = TABLE_ID) {
			const log = (await emulator.imports()).filter((entry) => entry.tableId === tableId);
			return { accepted: log.filter((entry) => entry.taskId).length, all: log.length };
		},
		/** Create or Update requests (v2 update/record): those that wrote every record, and all. */
		async upsertRequests(tableId = TABLE_ID) {
			const log = (await emulator.requests()).filter((entry) => entry.path === '/v2/database/update/record' && entry.tableId === tableId);
			return { accepted: log.filter((entry) => entry.status === 200 && !entry.code).length, all: log.length };
		},
		rows: (tableId = TABLE_ID) => emulator.rows(tableId),
		async stop() {
			// The next scenario starts right after: let this emulator (and its heap) go first.
			const exited = new Promise((resolve) => (emulator.child.exitCode !== null ? resolve(undefined) : emulator.child.once('exit', resolve)));
			await emulator.stop();
			await exited;
			fs.rmSync(work, { recursive: true, force: true });
		},
	};
}

module.exports = { startEmulator, API_KEY, TABLE_ID, WARMUP_TABLE_ID, IMPORT_PATH };

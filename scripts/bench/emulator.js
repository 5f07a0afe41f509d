// @ts-check
/**
 * The AltaTech emulator in its own process (so its work and memory are not the scenario's),
 * started with test/emulator/cli.js, and the control endpoints the bench checks results with.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const axios = require('axios').default;

const ROOT = path.resolve(__dirname, '../..');
const API_KEY = 'bench-key';
const TABLE_ID = 'bench_table';
/** Warm-up runs go to their own table so they never count in a scenario's rows. */
const WARMUP_TABLE_ID = 'bench_warmup';
const IMPORT_PATH = '/v1/database/import/records';

async function startEmulator() {
	const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-bench-')), 'emulator.json');
	// Schemaless tables (no fields): every row is stored as received, nothing is typed.
	fs.writeFileSync(config, JSON.stringify({ apiKeys: [API_KEY], tables: [{ id: TABLE_ID, name: TABLE_ID }, { id: WARMUP_TABLE_ID, name: WARMUP_TABLE_ID }] }));
	const child = spawn(process.execPath, ['--max-old-space-size=8192', path.join(ROOT, 'test/emulator/cli.js'), '--port', '0', '--config', config], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const { url } = await new Promise((resolve, reject) => {
		let buffered = '';
		child.stdout.on('data', (chunk) => {
			buffered += chunk;
			const line = buffered.split('\n')[0];
			if (buffered.includes('\n')) resolve(JSON.parse(line));
		});
		child.once('exit', (code) => reject(new Error(`the emulator exited early (code ${code})`)));
	});
	const control = async (method, route, data) => {
		// A fresh connection per call: a kept-alive one may have been closed by the server while a scenario ran.
		const response = await axios.request({ method, url: `${url}/_emulator/${route}`, data, maxContentLength: Infinity, maxBodyLength: Infinity, httpAgent: new http.Agent({ keepAlive: false }) });
		return response.data.data;
	};
	return {
		url,
		apiKey: API_KEY,
		tableId: TABLE_ID,
		warmupTableId: WARMUP_TABLE_ID,
		reset: () => control('post', 'reset', {}),
		/** Import requests the emulator answered with a task id, and all import requests it saw. */
		async importRequests(tableId = TABLE_ID) {
			const log = (await control('get', 'requests')).filter((entry) => entry.path === IMPORT_PATH && entry.tableId === tableId);
			return { accepted: log.filter((entry) => entry.taskId).length, all: log.length };
		},
		rows: (tableId = TABLE_ID) => control('get', `rows?table=${encodeURIComponent(tableId)}`),
		stop: () => new Promise((resolve) => {
			child.once('exit', resolve);
			child.kill('SIGTERM');
		}),
	};
}

module.exports = { startEmulator, API_KEY, TABLE_ID, WARMUP_TABLE_ID, IMPORT_PATH };

/**
 * The AltaTech emulator as a separate process (its CLI), read through its control endpoints.
 * The log's `apiKey` field is replaced by a yes/no so no key can reach our output.
 */
const fs = require('node:fs');
const path = require('node:path');
const { startJsonLineProcess } = require('../../../scripts/n8n/instance');
const { request } = require('../../../scripts/n8n/http');

const CLI = path.resolve(__dirname, '../../emulator/cli.js');
const IMPORT_PATH = '/v1/database/import/records';

async function startEmulatorProcess(config, workDir) {
	const configFile = path.join(workDir, 'emulator.json');
	fs.writeFileSync(configFile, JSON.stringify({ ...config, port: 0 }));
	const started = await startJsonLineProcess(process.execPath, [CLI, '--config', configFile]);
	const expectedKeys = new Set(config.apiKeys);

	async function control(method, route, body) {
		const json = (await request(`${started.url}/_emulator/${route}`, { method, body })).json();
		if (json.code !== 0) throw new Error(`emulator ${route}: ${json.message}`);
		return json.data;
	}

	return {
		url: started.url,
		stop: started.stop,
		async requests() {
			const entries = await control('GET', 'requests');
			return entries.map(({ apiKey, ...entry }) => ({ ...entry, knownKey: expectedKeys.has(apiKey) }));
		},
		async imports() {
			return (await this.requests()).filter((r) => r.path === IMPORT_PATH);
		},
		rows: (table) => control('GET', `rows?table=${encodeURIComponent(table)}`),
		reset: () => control('POST', 'reset', {}),
		configure: (partial) => control('POST', 'configure', partial),
	};
}

module.exports = { startEmulatorProcess };

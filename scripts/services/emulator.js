/**
 * The AltaTech emulator as a separate process (its CLI), read through its control endpoints:
 * used by the e2e, queue-mode and benchmark suites. The log's `apiKey` field is replaced by
 * `knownKey` (yes/no) and `keyIndex` (its position in config.apiKeys, -1 for none), so no key
 * can reach our output.
 */
const fs = require('node:fs');
const path = require('node:path');
const { startJsonLineProcess } = require('../n8n/instance');
const { request } = require('../n8n/http');

const CLI = path.resolve(__dirname, '../../test/emulator/cli.js');
const IMPORT_PATH = '/v1/database/import/records';

/**
 * @param {object} config emulator options (apiKeys, tables, ...)
 * @param {string} workDir where its config file goes
 * @param {{ nodeArgs?: string[] }} [options] e.g. a larger heap for a million stored rows
 */
async function startEmulatorProcess(config, workDir, { nodeArgs = [] } = {}) {
	const configFile = path.join(workDir, 'emulator.json');
	fs.writeFileSync(configFile, JSON.stringify({ ...config, port: 0 }));
	const started = await startJsonLineProcess(process.execPath, [...nodeArgs, CLI, '--config', configFile]);
	const keys = config.apiKeys ?? [];

	async function control(method, route, body) {
		const json = (await request(`${started.url}/_emulator/${route}`, { method, body })).json();
		if (json.code !== 0) throw new Error(`emulator ${route}: ${json.message}`);
		return json.data;
	}

	return {
		url: started.url,
		child: started.child,
		stop: started.stop,
		async requests() {
			const entries = await control('GET', 'requests');
			return entries.map(({ apiKey, ...entry }) => ({ ...entry, knownKey: keys.includes(apiKey), keyIndex: keys.indexOf(apiKey) }));
		},
		async imports() {
			return (await this.requests()).filter((r) => r.path === IMPORT_PATH);
		},
		rows: (table) => control('GET', `rows?table=${encodeURIComponent(table)}`),
		reset: () => control('POST', 'reset', {}),
		configure: (partial) => control('POST', 'configure', partial),
	};
}

module.exports = { startEmulatorProcess, IMPORT_PATH };

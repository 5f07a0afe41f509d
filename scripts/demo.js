#!/usr/bin/env node
/**
 * `npm run demo [-- --keep | --stop]`: the main job in a real n8n 1.x. Installs what is missing
 * (dev dependencies, n8n into .cache/), packs this package and installs it into a fresh n8n user
 * folder as a community package, starts the AltaTech emulator, imports the example workflow
 * (examples/sample-dataset-to-altatech.json: 3,500 sample products -> AltaTech) and its
 * credential with n8n's CLI, runs it with `n8n execute`, and prints what the table now holds and
 * each request's task id.
 *   --keep  then leaves n8n on http://localhost:5678 (and the emulator) running to try the node.
 *   --stop  stops what a --keep run left running.
 *   --n8n 2 uses n8n 2.x (under Node 24 from npm) instead of 1.x.
 * With ALTATECH_API_KEY and ALTATECH_TABLE_ID set, it imports into that real table instead.
 */
const fs = require('node:fs');
const path = require('node:path');
const { ensureInstalled, build, ROOT } = require('./bootstrap');

const DEMO_DIR = path.join(ROOT, '.cache', 'demo');
const PIDS_FILE = path.join(DEMO_DIR, 'pids.json');
const EXAMPLE = path.join(ROOT, 'examples', 'sample-dataset-to-altatech.json');
const EMULATOR_KEY = 'demo-key'; // the key test/emulator/cli.js accepts by default
const EMULATOR_TABLE = 'demo_products';
const PORT = 5678;

function stopKept() {
	if (!fs.existsSync(PIDS_FILE)) return console.log('Nothing to stop: no kept demo found.');
	for (const pid of Object.values(JSON.parse(fs.readFileSync(PIDS_FILE, 'utf8')))) {
		try {
			process.kill(-pid, 'SIGTERM'); // each was started as the leader of its own process group
			console.log(`stopped process group ${pid}`);
		} catch {
			/* already gone */
		}
	}
	fs.rmSync(PIDS_FILE, { force: true });
}

/** Where the rows go: the real service when both variables are set, else the emulator. */
async function target(instance) {
	const { ALTATECH_API_KEY: apiKey, ALTATECH_TABLE_ID: tableId, ALTATECH_BASE_URL: baseUrl = 'https://altatech.ai' } = process.env;
	if (apiKey && tableId) return { real: true, apiKey, tableId, baseUrl: baseUrl.replace(/\/+$/, '') };
	fs.mkdirSync(path.dirname(PIDS_FILE), { recursive: true });
	const emulator = await instance.startJsonLineProcess(process.execPath, [path.join(ROOT, 'test/emulator/cli.js'), '--port', '0'], {
		logFile: path.join(path.dirname(PIDS_FILE), 'emulator.log'),
	});
	console.log(`AltaTech emulator listening on ${emulator.url} (key "${EMULATOR_KEY}", table "${EMULATOR_TABLE}")`);
	return { real: false, apiKey: EMULATOR_KEY, tableId: EMULATOR_TABLE, baseUrl: emulator.url, emulator };
}

/** The table's row count and first rows, asked the way a user would (records/page). */
async function tableSummary(where) {
	if (!where.real) {
		const { data } = await (await fetch(`${where.baseUrl}/_emulator/rows?table=${where.tableId}`)).json();
		return { total: data.length, first: data.slice(0, 2), last: data.at(-1) };
	}
	const response = await fetch(`${where.baseUrl}/v1/database/records/page`, {
		method: 'POST',
		headers: { authorization: `Bearer ${where.apiKey}`, 'content-type': 'application/json' },
		body: JSON.stringify({ table_id: where.tableId, page: 1, page_size: 2 }),
	});
	const body = await response.json().catch(() => ({}));
	if (body.code !== 0) return { note: `could not read the table back (HTTP ${response.status}, code ${body.code}: ${body.message})` };
	return { total: body.data.total_count, first: body.data.records.map((r) => r.value) };
}

function printRun(output) {
	const batches = new Map();
	for (const item of output) {
		if (item.error) continue;
		const batch = batches.get(item.batch) ?? { taskId: item.taskId, items: 0 };
		batch.items++;
		batches.set(item.batch, batch);
	}
	console.log(`\nThe AltaTech node output ${output.length} items; ${batches.size} request(s):`);
	for (const [batch, { taskId, items }] of batches) console.log(`  request ${batch}: ${items} rows -> task ${taskId}`);
	const errors = output.filter((item) => item.error);
	if (errors.length) console.log(`  ${errors.length} error item(s), e.g. ${errors[0].error}`);
}

async function main() {
	const args = process.argv.slice(2);
	if (args.includes('--stop')) return stopKept();
	const keep = args.includes('--keep');
	ensureInstalled();
	build();
	const instance = require('./n8n/instance');
	const { ensureN8n } = require('./n8n/install');
	const { N8nRest } = require('./n8n/rest');
	const { parseRawOutput, nodeOutput } = require('../test/e2e/lib/n8nOutput');

	if (keep && !(await portIsFree(PORT))) throw new Error(`port ${PORT} is in use (a kept demo? \`npm run demo -- --stop\`)`);
	const major = args.includes('--n8n') ? args[args.indexOf('--n8n') + 1] : '1';
	const install = ensureN8n(major);
	const where = await target(instance);
	let n8n;
	try {
		for (const old of fs.readdirSync(DEMO_DIR).filter((name) => name.startsWith('altatech-n8n-'))) fs.rmSync(path.join(DEMO_DIR, old), { recursive: true, force: true });
		const userFolder = instance.createUserFolder(instance.packPackage(DEMO_DIR), DEMO_DIR);
		const env = instance.n8nEnv(install, userFolder, { port: keep ? PORT : await instance.freePort(), brokerPort: await instance.freePort() });
		console.log(`n8n ${install.version} user folder: ${path.relative(ROOT, userFolder)} (n8n-nodes-altatech installed as a community package)`);

		const workflow = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
		const altaTech = workflow.nodes.find((node) => node.type === 'n8n-nodes-altatech.altaTech');
		altaTech.parameters.tableId = where.tableId;
		const credentialRef = altaTech.credentials.altaTechApi;
		const credential = { ...credentialRef, name: where.real ? 'AltaTech account' : 'AltaTech (emulator)', type: 'altaTechApi', data: { apiKey: where.apiKey, baseUrl: where.baseUrl } };
		const files = { credential: path.join(userFolder, 'credential.json'), workflow: path.join(userFolder, 'workflow.json') };
		fs.writeFileSync(files.credential, JSON.stringify([credential]), { mode: 0o600 });
		fs.writeFileSync(files.workflow, JSON.stringify(workflow));
		instance.runCliOrThrow(install, env, ['import:credentials', `--input=${files.credential}`]);
		fs.rmSync(files.credential); // n8n stored it encrypted; the plain file must not stay
		instance.runCliOrThrow(install, env, ['import:workflow', `--input=${files.workflow}`]);
		console.log(`Imported "${workflow.name}" and its credential with n8n's CLI; running it with \`n8n execute\`...`);

		const started = Date.now();
		const run = instance.runCli(install, { ...env, N8N_LOG_LEVEL: 'info' }, ['execute', `--id=${workflow.id}`, '--rawOutput']);
		if (run.status !== 0) throw new Error(`the workflow failed:\n${(run.stdout + run.stderr).split(where.apiKey).join('***').slice(-3000)}`);
		const output = nodeOutput(parseRawOutput(run.stdout), altaTech.name);
		console.log(`Workflow finished in ${((Date.now() - started) / 1000).toFixed(1)} s (n8n start-up included).`);
		printRun(output);

		const table = await tableSummary(where);
		console.log(`\nTable ${where.tableId} (${where.real ? where.baseUrl : 'emulator'}) now holds ${table.total ?? '?'} rows.${table.note ? ` ${table.note}` : ''}`);
		for (const row of [...(table.first ?? []), ...(table.last ? [table.last] : [])]) console.log(`  ${JSON.stringify(row)}`);

		if (keep) {
			n8n = await instance.startN8n(install, env);
			const owner = await new N8nRest(n8n.url).ownerSession();
			const pids = { n8n: n8n.pid, ...(where.emulator ? { emulator: where.emulator.child.pid } : {}) };
			fs.writeFileSync(PIDS_FILE, JSON.stringify(pids));
			for (const child of [n8n.child, where.emulator?.child].filter(Boolean)) instance.keepRunning(child);
			console.log(`\nn8n is running: ${n8n.url}/workflow/${workflow.id}`);
			console.log(`  log in as ${owner.email} / ${owner.password}; the credential "${credential.name}" points at ${where.real ? where.baseUrl : 'the emulator'}.`);
			console.log(`  n8n's log: ${path.relative(ROOT, n8n.logFile)}. Stop both with: npm run demo -- --stop`);
		}
	} finally {
		if (!keep) await where.emulator?.stop();
	}
}

async function portIsFree(port) {
	try {
		await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
		return false;
	} catch (error) {
		return error.cause?.code === 'ECONNREFUSED';
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(`Demo failed: ${error.message}`);
		process.exit(1);
	},
);

// @ts-check
/**
 * The floor: a plain script that builds the same 1000-record bodies as the node and POSTs them
 * one after another with axios, fed the same kind of items as the node in that n8n:
 *  - Code node source, n8n 1.x: the items come out of n8n's own vm2 sandbox (the Code node's
 *    NodeVM and script wrapper), so they are the same proxies the Code node hands on;
 *  - Code node source, n8n 2.x: plain objects parsed from JSON (the Code node runs in a task
 *    runner and its items reach n8n as JSON);
 *  - HTTP Request source: the list fetched from the row server and parsed, as the node does.
 * One measured run per process, so its memory figures are its own (a process that has run
 * before keeps the pages of its earlier items and reuses them):
 *   node --expose-gc floor.js '{"source","count","typed","write","tableId","warmupTableId","typedWarmupTableId","warmups","itemsOnly","emulatorUrl","apiKey","rowServerUrl"}'
 * under the Node that runs that n8n. Warm-up runs of 10k rows first (to a table of their own),
 * then the run; prints one JSON line { wallMs, itemsMs, baselineRss, itemsPeakRss, rssWithItems,
 * peakRss }: the RSS before the items are made, its peak while they are, the RSS once they are,
 * its peak while they are sent. With itemsOnly the items are made and not sent (what the
 * floor's items alone cost, as No Operation shows for n8n).
 */
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { codeFor, asDateTimeColumn } = require('./rows');
const { WRITES } = require('./workflows');

const ROOT = path.resolve(__dirname, '../../..');
const axios = require(require.resolve('axios', { paths: [ROOT] })).default;
const N8N_DIR = process.env.BENCH_N8N_DIR ?? '';
const MAJOR = process.env.BENCH_N8N_MAJOR ?? '';

function statusBytes(field) {
	const match = fs.readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
	return Number(match?.[1]) * 1024;
}

/** The Code node of n8n 1.x: its vm2 and its script wrapper, from that n8n's own install. */
function vm2Items(count) {
	const codeDir = path.join(N8N_DIR, 'node_modules/n8n-nodes-base/dist/nodes/Code');
	const { NodeVM } = require(require.resolve('vm2', { paths: [codeDir] }));
	const { generateScript } = require(path.join(codeDir, 'utils.js'));
	const vm = new NodeVM({ sandbox: {}, require: false, wrapper: 'commonjs' });
	return vm.run(generateScript(codeFor(count)), codeDir);
}

async function plainItems(count) {
	const run = new Function(`return (async () => {\n${codeFor(count)}\n})();`);
	return JSON.parse(JSON.stringify(await run()));
}

/** Items as n8n hands them to the next node: a list of `{ json }`. */
async function makeItems({ source, count, rowServerUrl }) {
	if (source === 'http') return (await axios.get(`${rowServerUrl}/rows?n=${count}`)).data.map((json) => ({ json }));
	return MAJOR === '1' ? await vm2Items(count) : await plainItems(count);
}

const typedValues = (values) => ({ ...values, updated_at: asDateTimeColumn(values.updated_at) });

/** Per write (its path and records per request in workflows.js): the body of one request. */
const BODIES = {
	import: (tableId, rows, typed) => ({ table_id: tableId, records: rows.map((values) => ({ values: typed ? typedValues(values) : values })) }),
	// Create or Update, matching on the typed table's unique SKU.
	upsert: (tableId, rows) => ({ table_id: tableId, is_create: true, update_data: rows.map((values) => ({ filter: { sku: values.sku }, updated_fields: typedValues(values) })) }),
};

async function postBatches(items, { typed, write = 'import', tableId, emulatorUrl, apiKey }) {
	const client = axios.create({ headers: { Authorization: `Bearer ${apiKey}` }, maxBodyLength: Infinity });
	const { path: writePath, recordsPerRequest } = WRITES[write];
	const body = BODIES[write];
	const total = items.length;
	for (let start = 0; start < total; start += recordsPerRequest) {
		const rows = [];
		for (let i = start; i < Math.min(start + recordsPerRequest, total); i++) rows.push(items[i].json);
		const { data } = await client.post(`${emulatorUrl}${writePath}`, body(tableId, rows, typed));
		// The update endpoint's reply may come bare, without the `code` envelope (the vendor's pages show both).
		const failed = (data.code !== undefined && data.code !== 0) || Number(data.data?.fail_count ?? data.data?.failCount ?? data.fail_count ?? data.failCount ?? 0) > 0;
		if (failed || (write === 'import' && data.code !== 0)) throw new Error(`the floor's request was refused: ${JSON.stringify(data).slice(0, 300)}`);
	}
}

const WARMUP_ROWS = 10_000;

async function runJob(job) {
	// Warm-up runs compile the hot code, as in an n8n that has run workflows before. Imports warm up
	// in a table without columns (the same SKUs again each round); Create or Update needs its unique SKU.
	for (let round = 0; round < job.warmups; round++) {
		await postBatches(await makeItems({ ...job, count: WARMUP_ROWS }), { ...job, tableId: job.write === 'upsert' ? job.typedWarmupTableId : job.warmupTableId });
	}
	const gc = /** @type {() => void} */ (global.gc);
	gc();
	gc();
	const resetPeak = () => fs.writeFileSync('/proc/self/clear_refs', '5'); // peak RSS := current RSS
	const baselineRss = statusBytes('VmRSS');
	resetPeak();
	const itemsStarted = performance.now();
	const items = await makeItems(job);
	const itemsMs = performance.now() - itemsStarted;
	if (items.length !== job.count) throw new Error(`the floor got ${items.length} items, not ${job.count}`);
	const itemsPeakRss = statusBytes('VmHWM');
	const rssWithItems = statusBytes('VmRSS');
	resetPeak();
	const started = performance.now();
	if (!job.itemsOnly) await postBatches(items, job);
	const wallMs = performance.now() - started;
	return { wallMs, itemsMs, baselineRss, itemsPeakRss, rssWithItems, peakRss: statusBytes('VmHWM') };
}

runJob(JSON.parse(process.argv[2])).then(
	(result) => {
		process.stdout.write(`${JSON.stringify(result)}\n`);
		process.exit(0);
	},
	(error) => {
		process.stderr.write(`${error?.stack ?? error}\n`);
		process.exit(1);
	},
);

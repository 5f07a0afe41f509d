// @ts-check
/**
 * One scenario in its own process, so its peak RSS is its own:
 *   node --expose-gc scenario.js '{"scenario","count","url","apiKey","tableId","warmupTableId","warmups","n8nDir"}'
 * Loads and warms up what the scenario needs (`warmups` runs of 10k records), takes the baseline
 * RSS, builds the items, times the run alone, and prints one JSON line. `"scenario":"measureItems"` prints the items' size.
 */
const http = require('node:http');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const axios = require('axios').default;
const { makeItems, RECORDS_PER_REQUEST } = require('./items');
const { IMPORT_PATH } = require('./emulator');

const WARMUP_ITEMS = 10_000;

const scenarios = {
	/** The AltaTech node in a workflow: auto-mapping, default options. */
	node: (env) => nodeRun(env, 'add', []),

	/** Create or Update into the typed table, matching on the unique SKU. */
	nodeUpsert: (env) => nodeRun(env, 'upsert', ['sku']),

	/** The node again; the bench points it at a typed table (its env's tableId). */
	nodeTyped(env) {
		return scenarios.node(env);
	},

	/** The floor: the same 1000-record bodies, built from the items and POSTed one after another with axios. */
	floor(env) {
		return postBatches(env, () => ({}));
	},

	/**
	 * The floor into the typed table: the script writes the dates as the column takes them
	 * (`YYYY-MM-DD HH:MM:SS`; the items' are ISO text in UTC), and checks nothing else.
	 */
	floorTyped(env) {
		const dateTime = (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
		return postBatches(env, () => ({}), (values) => ({ values: { ...values, updated_at: dateTime(values.updated_at) } }));
	},

	/**
	 * The floor again, but with a new connection per request, as n8n's request helper makes them
	 * (it gives every call new agents): the least any node going through n8n's helper can cost.
	 */
	floorNewConnections(env) {
		return postBatches(env, () => ({ httpAgent: new http.Agent({ keepAlive: false }) }));
	},

	/** Loop Over Items (1000) -> Aggregate -> HTTP Request, n8n's own nodes. */
	loopAggregateHttp(env) {
		return n8nScenario(env, require('./alternatives').loopAggregateHttp, (runData, count) => {
			const rounds = runData['HTTP Request']?.length ?? 0;
			if (rounds !== Math.ceil(count / RECORDS_PER_REQUEST)) throw new Error(`the HTTP Request node ran ${rounds} times`);
		});
	},

	/**
	 * n8n's engine alone: the same workflow with No Operation where the AltaTech node goes. It
	 * sends nothing; it is what passing the items through n8n costs before any node does work.
	 */
	engineOnly(env) {
		const nodes = [{ id: 'o1', name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [400, 0], parameters: {} }];
		return n8nScenario(env, () => ({ nodes, connections: {} }), (runData, count) => {
			const out = runData['No Operation']?.[0]?.data?.main?.[0]?.length ?? 0;
			if (out !== count) throw new Error(`No Operation output ${out} items`);
		});
	},

	/** The HTTP Request node alone with its Batching option: one request per item. */
	httpRequestPerItem(env) {
		return n8nScenario(env, require('./alternatives').httpRequestPerItem, (runData, count) => {
			const out = runData['HTTP Request']?.[0]?.data?.main?.[0]?.length ?? 0;
			if (out !== count) throw new Error(`the HTTP Request node output ${out} items`);
		});
	},
};

function checkNodeOutput(result, count) {
	if (result.error) throw new Error(`the AltaTech node failed: ${result.error.message}`);
	const written = result.output.filter((item) => !item.json.error).length;
	if (written !== count) throw new Error(`the node reported ${written} of ${count} items written`);
	return { outputItems: result.output.length };
}

/** The node in a workflow with one operation, auto-mapped, default options. */
function nodeRun(env, operation, matchingColumns) {
	const { runAltaTechWorkflow } = require(path.resolve(__dirname, '../../test/harness/workflow.js'));
	return async (items, tableId) => {
		const result = await runAltaTechWorkflow({
			items,
			parameters: {
				resource: 'tableData', operation, tableId,
				columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns, schema: [] },
				options: {},
			},
			credentials: { apiKey: env.apiKey, baseUrl: env.url },
		});
		// Checked after the clock stops (see main): a check costs time the node did not take.
		return { check: () => checkNodeOutput(result, items.length), nodeMs: result.executionTimeMs };
	};
}

function postBatches(env, requestConfig, toRecord = (values) => ({ values })) {
	const client = axios.create({ headers: { Authorization: `Bearer ${env.apiKey}` }, maxBodyLength: Infinity });
	return async (items, tableId) => {
		for (let start = 0; start < items.length; start += RECORDS_PER_REQUEST) {
			const records = items.slice(start, start + RECORDS_PER_REQUEST).map(toRecord);
			const { data } = await client.post(`${env.url}${IMPORT_PATH}`, { table_id: tableId, records }, requestConfig());
			if (data.code !== 0) throw new Error(`the floor's request was refused: ${JSON.stringify(data)}`);
		}
		return {};
	};
}

function n8nScenario(env, build, check) {
	const { createWorkflowRunner } = require('./n8nWorkflow');
	const runner = createWorkflowRunner(env.n8nDir);
	return async (items, tableId) => {
		const runData = await runner.run({ items, ...build({ url: env.url, apiKey: env.apiKey, tableId }) });
		check(runData, items.length);
		return {};
	};
}

function fullGc() {
	const gc = /** @type {() => void} */ (global.gc);
	gc();
	gc();
}

/**
 * The items' own size: heap growth after building them and a full gc. Measured in a process of
 * its own: a forced gc right before a run makes V8 postpone the run's next full gc (it sees no
 * mutator time between the two) and so would inflate the run's peak.
 */
function measureItems(count) {
	fullGc();
	const before = process.memoryUsage().heapUsed;
	const items = makeItems(count);
	fullGc();
	const itemsBytes = process.memoryUsage().heapUsed - before;
	return { itemsBytes, count: items.length };
}

async function main() {
	const env = JSON.parse(process.argv[2]);
	if (env.scenario === 'measureItems') {
		process.stdout.write(`${JSON.stringify(measureItems(env.count))}\n`);
		return;
	}
	const run = scenarios[env.scenario](env);
	// Warm-up runs load modules and let V8 optimize the code every execution runs, as in an n8n
	// that has run workflows before; they go to a table of their own. One is not enough: the run
	// after a single warm-up still ran much of n8n's engine and the node unoptimized, and took the
	// process's first full garbage collection (about twice the time of later runs at 10k).
	for (let warmup = 0; warmup < env.warmups; warmup++) await run(makeItems(WARMUP_ITEMS, warmup * WARMUP_ITEMS), env.warmupTableId);

	fullGc();
	const baselineRss = process.memoryUsage().rss;
	const items = makeItems(env.count);
	const rssWithItems = process.memoryUsage().rss;

	const cpuBefore = process.cpuUsage();
	const started = performance.now();
	const { check, ...details } = await run(items, env.tableId);
	const wallMs = performance.now() - started;
	const cpu = process.cpuUsage(cpuBefore);
	const cpuMs = (cpu.user + cpu.system) / 1000;
	const peakRss = process.resourceUsage().maxRSS * 1024;
	Object.assign(details, check?.());
	process.stdout.write(`${JSON.stringify({ wallMs, cpuMs, baselineRss, rssWithItems, peakRss, ...details })}\n`);
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	},
);

#!/usr/bin/env node
// @ts-check
/**
 * The in-process bench, a quick profiling tool (`node scripts/bench/run.js --in-process`, or
 * this file): the node in n8n-core's WorkflowExecute with a stand-in source node, against the
 * floor (plain axios) and against what users build with n8n's own nodes, at 10k, 100k and 1M
 * records, on the emulator running out of process. Prints a markdown table, the ratios and the
 * machine. The published figures come from the real-n8n bench (run.js).
 * BENCH_SIZES=10000,100000, BENCH_REPEATS=1 and BENCH_SCENARIOS=node,floor shorten it; BENCH_WARMUPS sets the warm-up runs (3); BENCH_N8N_CORE=cache runs n8n's own
 * nodes on the cached n8n's n8n-core/n8n-workflow instead of the project's (same versions).
 * For profiling: BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' is passed to each scenario's
 * process, and BENCH_NO_BUILD=1 runs dist/ as it is.
 */
const { spawnSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { startEmulator } = require('./emulator');
const { checkImportRequests, checkStoredRows, typedRow } = require('./verify');
const { describeMachine } = require('./machine');
const { formatReport } = require('./report');
const { RECORDS_PER_REQUEST } = require('./items');
const { PER_ITEM_BATCH } = require('./alternatives');

const ROOT = path.resolve(__dirname, '../..');
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
/**
 * Rounds per size. Short runs vary most with the machine's moment (a 10k run is a tenth of a
 * second) and cost little to repeat, so they get more rounds.
 */
const repeatsAt = (count) => Number(process.env.BENCH_REPEATS ?? (count <= 100_000 ? 9 : 5));
/** A run projected to take longer than this (from the previous size, linearly) is skipped. */
const SKIP_ABOVE_SECONDS = 120;
const SCENARIO_TIMEOUT_MS = 10 * 60_000;
/** Runs slower than this are not repeated. */
const REPEAT_BELOW_SECONDS = 40;
/** Warm-up runs of 10k records before each measured one (see scenario.js), unless a scenario says otherwise. */
const WARMUPS = Number(process.env.BENCH_WARMUPS ?? 3);

const perBatch = (count) => Math.ceil(count / RECORDS_PER_REQUEST);
const ALL_SCENARIOS = [
	{ id: 'node', label: 'AltaTech node (workflow, auto-map, default options)', requests: perBatch },
	{ id: 'floor', label: 'Floor: plain script, same batches, axios', requests: perBatch },
	// Real tables declare their columns: the same items into a table of 7 typed columns, SKU unique.
	{ id: 'nodeTyped', label: 'AltaTech node into a typed table (7 columns, SKU unique)', requests: perBatch, typed: true },
	{ id: 'floorTyped', label: 'Floor into the typed table (the script writes the dates as the column takes them)', requests: perBatch, typed: true },
	// Keeping a table in sync: the same items with Create or Update, matching on the SKU, 100 records a request.
	{ id: 'nodeUpsert', label: 'AltaTech node, Create or Update into the typed table (100 a request)', requests: (count) => Math.ceil(count / 100), typed: true, upsert: true },
	{ id: 'floorNewConnections', label: "Floor with a new connection per request (as n8n's request helper)", requests: perBatch },
	{ id: 'engineOnly', label: "n8n's engine alone: No Operation in the node's place (sends nothing)", requests: () => 0, stores: () => 0 },
	{ id: 'loopAggregateHttp', label: 'Loop Over Items (1000) > Aggregate > HTTP Request', requests: perBatch },
	{
		id: 'httpRequestPerItem',
		label: `HTTP Request, one request per item (Batching ${PER_ITEM_BATCH.batchSize} / ${PER_ITEM_BATCH.batchInterval} ms)`,
		requests: (count) => count,
		once: true, // minutes per run, and a ratio far beyond any noise
		warmups: 1, // 10,000 requests each
	},
];

/** BENCH_SCENARIOS=nodeTyped,floorTyped runs only those (a quick look at one comparison). */
const only = process.env.BENCH_SCENARIOS?.split(',');
const SCENARIOS = only ? ALL_SCENARIOS.filter((scenario) => only.includes(scenario.id)) : ALL_SCENARIOS;

function log(message) {
	process.stderr.write(`[bench] ${message}\n`);
}

function prepare() {
	log('building the node (npm run build)');
	const build = process.env.BENCH_NO_BUILD ? { status: 0 } : spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	if (build.status !== 0) throw new Error('npm run build failed');
	// n8n's own nodes come from the cached n8n install (installed once, a few minutes).
	const { ensureN8n } = require('../n8n/install');
	return ensureN8n('1').dir;
}

function runChild(env) {
	const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
	const child = spawnSync(process.execPath, [...flags, '--expose-gc', path.join(__dirname, 'scenario.js'), JSON.stringify(env)], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		maxBuffer: 1024 * 1024,
		timeout: SCENARIO_TIMEOUT_MS, // a hung scenario fails the bench instead of stalling it
	});
	if (child.status !== 0) throw new Error(`scenario ${env.scenario} at ${env.count} failed (exit ${child.status ?? child.signal})`);
	return JSON.parse(child.stdout.trim().split('\n').pop() ?? '');
}

/** One run on a fresh emulator (same config each time), checked against what it must have stored. */
async function runOnce(scenario, count, n8nDir) {
	const emulator = await startEmulator();
	try {
		const tables = scenario.typed
			? { tableId: emulator.typedTableId, warmupTableId: emulator.typedWarmupTableId }
			: { tableId: emulator.tableId, warmupTableId: emulator.warmupTableId };
		const env = { scenario: scenario.id, count, url: emulator.url, apiKey: emulator.apiKey, ...tables, warmups: scenario.warmups ?? WARMUPS, n8nDir };
		const result = runChild(env);
		const requests = scenario.upsert ? await emulator.upsertRequests(tables.tableId) : await emulator.importRequests(tables.tableId);
		checkImportRequests(requests, scenario.requests(count));
		checkStoredRows(await emulator.rows(tables.tableId), scenario.stores ? scenario.stores(count) : count, scenario.typed ? typedRow : undefined);
		return { ...result, requests: requests.accepted };
	} finally {
		await emulator.stop();
	}
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function summarize(runs) {
	return {
		runs: runs.length,
		wallMs: median(runs.map((r) => r.wallMs)),
		// Each round's figure, for ratios taken round by round (see report.js).
		wallMsByRound: runs.map((r) => r.wallMs),
		nodeMsByRound: runs.map((r) => r.nodeMs),
		cpuMs: median(runs.map((r) => r.cpuMs)),
		// The AltaTech node's execution time as n8n measures it (node scenario only).
		nodeMs: runs[0].nodeMs === undefined ? undefined : median(runs.map((r) => r.nodeMs)),
		// The worst peak of the runs, over that run's own baseline.
		peakOverBaseline: Math.max(...runs.map((r) => r.peakRss - r.baselineRss)),
		// The same peak over the RSS once the items were built: what the run itself added.
		peakOverItems: Math.max(...runs.map((r) => r.peakRss - r.rssWithItems)),
		requests: runs[0].requests,
	};
}

/** Why a scenario is not run at this size, if it would take too long (projected linearly from the last size). */
function skipReason(scenario, count, last) {
	if (!last) return undefined;
	if (last.failedAt) return `skipped: failed at ${last.failedAt.toLocaleString('en-US')} records`;
	const projected = (last.wallMs * count) / last.count / 1000;
	if (projected <= SKIP_ABOVE_SECONDS) return undefined;
	return `skipped: ~${Math.round(projected)} s projected from ${last.count.toLocaleString('en-US')} records (${scenario.requests(count).toLocaleString('en-US')} requests)`;
}

/**
 * Every scenario at every size. Repeats go round-robin (node, floor, ... then again), so drift
 * in the machine's load touches the scenarios being compared alike; times are medians.
 */
async function measureAll(n8nDir) {
	const results = {};
	const lastRun = {};
	for (const count of SIZES) {
		const runs = {};
		const failed = {};
		const due = SCENARIOS.filter((scenario) => {
			const skipped = skipReason(scenario, count, lastRun[scenario.id]);
			if (skipped) results[`${scenario.id}@${count}`] = { skipped };
			return !skipped;
		});
		for (let round = 0; round < repeatsAt(count); round++) {
			for (const scenario of due) {
				if (failed[scenario.id]) continue;
				const done = runs[scenario.id] ?? [];
				// Long runs are not repeated: their noise is small next to their length.
				if (round > 0 && (scenario.once || done[0].wallMs > REPEAT_BELOW_SECONDS * 1000)) continue;
				log(`${scenario.id}@${count}, run ${round + 1} ...`);
				let result;
				try {
					result = await runOnce(scenario, count, n8nDir);
				} catch (error) {
					// An alternative that breaks under load is a finding, not a reason to lose the table.
					if (['node', 'nodeTyped', 'floor', 'floorTyped'].includes(scenario.id)) throw error;
					log(`${scenario.id}@${count} failed: ${error.message}`);
					failed[scenario.id] = `failed: ${error.message.split('\n')[0]}`;
					continue;
				}
				log(`${scenario.id}@${count}: ${(result.wallMs / 1000).toFixed(2)} s; rows and requests checked`);
				runs[scenario.id] = [...done, result];
			}
		}
		for (const scenario of due) {
			if (!runs[scenario.id]) {
				results[`${scenario.id}@${count}`] = { skipped: failed[scenario.id] };
				lastRun[scenario.id] = { failedAt: count }; // not tried again at larger sizes
				continue;
			}
			results[`${scenario.id}@${count}`] = summarize(runs[scenario.id]);
			lastRun[scenario.id] = { wallMs: results[`${scenario.id}@${count}`].wallMs, count };
		}
	}
	return results;
}

async function main() {
	const started = Date.now();
	// Other processes on the machine add noise: say how busy it was.
	const loadBefore = os.loadavg()[0];
	const n8nDir = prepare();
	const itemsBytes = {};
	for (const count of SIZES) itemsBytes[count] = runChild({ scenario: 'measureItems', count }).itemsBytes;

	const results = await measureAll(n8nDir);
	const minutes = ((Date.now() - started) / 60000).toFixed(1);
	const load = `load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`;
	process.stdout.write(formatReport({ scenarios: SCENARIOS, sizes: SIZES, results, itemsBytes, machine: describeMachine(), minutes, load, warmups: WARMUPS }));
}

main().catch((error) => {
	process.stderr.write(`[bench] ${error.stack ?? error}\n`);
	process.exit(1);
});

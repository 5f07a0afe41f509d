// @ts-check
/**
 * One n8n version's measurements: the emulator and the row server in processes of their own,
 * the n8n under test, each floor run in a process of its own under the same Node as that n8n
 * (it warms itself up). Warm-up rounds of the workflows at 10k first (a real n8n has run
 * workflows before); then, for each size, rounds that run every workflow and every floor once
 * each, back to back, so a slow spell of the machine touches all of them. Every run is checked
 * against what the emulator stored, then the emulator is reset.
 */
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startJsonLineProcess } = require('../../n8n/instance');
const { startEmulatorProcess } = require('../../services/emulator');
const { startBenchN8n } = require('./n8n');
const { VARIANTS, TABLES, WRITES, SOURCE_NODE } = require('./workflows');
const { makeRow, makeTypedRow, TYPED_FIELDS } = require('./rows');
const { isDeepStrictEqual } = require('node:util');
const { median } = require('./summary');

const API_KEY = 'bench-key';
const WARMUP_ROWS = 10_000;

async function startEmulator(work) {
	const config = {
		apiKeys: [API_KEY],
		tables: [
			{ id: TABLES.schemaless, name: TABLES.schemaless },
			{ id: TABLES.warmup, name: TABLES.warmup }, // the floor's warm-up runs
			{ id: TABLES.typed, name: TABLES.typed, fields: TYPED_FIELDS },
			{ id: TABLES.typedWarmup, name: TABLES.typedWarmup, fields: TYPED_FIELDS },
		],
	};
	const emulator = await startEmulatorProcess(config, work, { nodeArgs: ['--max-old-space-size=8192'] });
	return { ...emulator, apiKey: API_KEY };
}

/** Exactly `count` rows equal to the source's, each once, in `expectedRequests` accepted requests of that write. */
async function checkEmulator(emulator, { table, typed, count, expectedRequests, write = 'import' }) {
	const { path: writePath } = WRITES[write];
	const writePaths = Object.values(WRITES).map((w) => w.path);
	const writes = (await emulator.requests()).filter((entry) => writePaths.includes(entry.path) && entry.tableId !== TABLES.warmup && entry.tableId !== TABLES.typedWarmup);
	// Accepted: an import with its task id; an update answered with code 0 (a record it did not
	// write shows in the row check below).
	const accepted = writes.filter((entry) => entry.path === writePath && entry.tableId === table && entry.status === 200 && !entry.code && (write !== 'import' || entry.taskId)).length;
	if (accepted !== expectedRequests || writes.length !== expectedRequests) {
		throw new Error(`expected ${expectedRequests} ${write} requests to ${table}, all accepted; the emulator saw ${writes.length}, ${accepted} accepted`);
	}
	const rows = await emulator.rows(table);
	if (rows.length !== count) throw new Error(`the emulator stored ${rows.length} rows in ${table}, not ${count}`);
	const expected = typed ? makeTypedRow : makeRow;
	const seen = new Uint8Array(count);
	for (const row of rows) {
		const index = Number(String(row.sku).slice(4));
		if (!(index >= 0 && index < count) || seen[index]) throw new Error(`unexpected or repeated row ${JSON.stringify(row)}`);
		seen[index] = 1;
		if (!isDeepStrictEqual(row, expected(index))) throw new Error(`row ${index} differs from its source row: ${JSON.stringify(row)}`);
	}
	await emulator.reset();
}

/** One floor run in a process of its own, under the Node that runs this n8n. */
function runFloorProcess(install, job) {
	return new Promise((resolve, reject) => {
		const env = { ...process.env, BENCH_N8N_DIR: install.dir, BENCH_N8N_MAJOR: install.major };
		const options = { env, maxBuffer: 1024 * 1024, timeout: 30 * 60_000 };
		execFile(install.nodeBin, ['--expose-gc', path.join(__dirname, 'floor.js'), JSON.stringify(job)], options, (error, stdout, stderr) => {
			if (error) return reject(new Error(`the floor failed: ${stderr.trim().split('\n')[0] || error.message}`));
			resolve(JSON.parse(stdout.trim().split('\n').pop() ?? ''));
		});
	});
}
/** The RSS when `start` came (the last sample before it) and the highest RSS sampled from then to `end`. */
function rssWindow(samples, start, end) {
	let atStart = samples[0]?.[1];
	let peak = 0;
	for (const [time, rss] of samples) {
		if (time <= start) atStart = rss;
		else if (time <= end) peak = Math.max(peak, rss);
	}
	return { atStart, peak: Math.max(peak, atStart ?? 0) };
}

/**
 * The figures of one n8n run: the timed node's executionTime (or the time from the source's
 * end to the execution's end), the peak RSS over the RSS before the run, and the peak while
 * the node ran over the RSS when it started (sampled every 10 ms).
 */
function n8nFigures(summary, variant) {
	const source = summary.nodes[SOURCE_NODE]?.[0];
	const sourceEnd = source.startTime + source.executionTime;
	const timed = VARIANTS[variant].timed;
	const node = timed ? summary.nodes[timed][0] : summary.nodes['No Operation']?.[0];
	const window = node && timed ? [node.startTime, node.startTime + node.executionTime] : [sourceEnd, summary.stoppedAt];
	const { atStart, peak } = rssWindow(summary.rssSamples, window[0], window[1]);
	const afterSourceMs = summary.stoppedAt - sourceEnd;
	return {
		timeMs: timed ? node.executionTime : afterSourceMs,
		// The node's own code: executionTime less what n8n does with the input before calling it.
		ownMs: timed ? node.ownMs : undefined,
		totalMs: summary.stoppedAt - summary.startedAt,
		afterSourceMs,
		sourceMs: source.executionTime,
		peakOverBaseline: summary.peakRss - summary.baselineRss,
		peakRss: summary.peakRss,
		peakWhileRunning: peak - atStart,
		heapLimit: summary.heapLimit,
	};
}

/**
 * @param {{ major: string, tarball: string, sizes: number[], repeatsAt: (count: number) => number, warmups: number,
 *   sources: string[], variants: string[], maxRunSeconds: number, log: (m: string) => void,
 *   memoryRounds: number, progress: (partial: object) => void }} options progress() gets the figures so far after each run
 * @returns {Promise<{ version: string, nodeVersion: string, runs: Record<string, any[]>, failures: Record<string, string> }>}
 */
async function measureVersion({ major, tarball, sizes, repeatsAt, warmups, sources, variants, maxRunSeconds, memoryRounds, log, progress }) {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), `altatech-bench-${major}-`));
	const stops = [];
	const runs = {};
	const memoryRuns = {};
	const failures = {};
	try {
		const emulator = await startEmulator(work);
		stops.push(() => emulator.stop());
		const rowServer = await startJsonLineProcess(process.execPath, [path.join(__dirname, 'rowServer.js')]);
		stops.push(() => rowServer.stop());
		const workflows = sources.flatMap((source) => variants.map((variant) => ({ source, variant })));
		const n8nOptions = { major, tarball, work, emulator, rowServerUrl: rowServer.url, workflows, log };
		let n8n = await startBenchN8n(n8nOptions);
		stops.unshift(() => n8n.stop());
		const floors = [...new Set(variants.map((variant) => VARIANTS[variant].floor).filter(Boolean))];
		if (floors.includes('floor')) floors.push('floorItems');

		const runWorkflow = async (source, variant, count) => {
			const spec = VARIANTS[variant];
			const summary = await n8n.run(source, variant, count);
			await checkEmulator(emulator, { table: spec.table, typed: spec.typed, write: spec.write, count: spec.rows ? spec.rows(count) : count, expectedRequests: spec.requests(count) });
			return n8nFigures(summary, variant);
		};
		/** floorItems: the floor's items made and not sent, for its memory (as No Operation for n8n's). */
		const runFloor = async (source, floorId, count) => {
			const write = floorId === 'floorUpsert' ? 'upsert' : 'import';
			const typed = floorId === 'floorTyped' || write === 'upsert';
			const itemsOnly = floorId === 'floorItems';
			const table = typed ? TABLES.typed : TABLES.schemaless;
			const job = { source, count, typed, write, itemsOnly, tableId: table, warmupTableId: TABLES.warmup, typedWarmupTableId: TABLES.typedWarmup, warmups, emulatorUrl: emulator.url, apiKey: API_KEY, rowServerUrl: rowServer.url };
			const result = await runFloorProcess(n8n.install, job);
			const expectedRequests = itemsOnly ? 0 : Math.ceil(count / WRITES[write].recordsPerRequest);
			await checkEmulator(emulator, { table, typed, write, count: itemsOnly ? 0 : count, expectedRequests });
			return {
				timeMs: result.wallMs,
				totalMs: result.itemsMs + result.wallMs,
				peakOverBaseline: Math.max(result.itemsPeakRss, result.peakRss) - result.baselineRss,
				addedRss: result.peakRss - result.rssWithItems,
			};
		};

		const timeRounds = sizes.some((count) => repeatsAt(count) > 0);
		for (let round = 0; timeRounds && round < warmups; round++) {
			log(`n8n ${major}: warm-up round ${round + 1} of ${warmups} (${WARMUP_ROWS.toLocaleString('en-US')} rows)`);
			for (const source of sources) {
				for (const variant of variants) await runWorkflow(source, variant, WARMUP_ROWS);
			}
		}

		const medianTotal = (key, count) => median(runs[`${key}@${count}`]?.map((run) => run.totalMs) ?? []);
		/**
		 * Not started: a run projected to take longer than maxRunSeconds, or to take n8n's RSS past
		 * its heap limit. Time grows as it grew between the two sizes before (n8n 1.x's Code node
		 * grows faster than its rows), at least in proportion to the rows; memory in proportion.
		 */
		const skipLongRuns = (count, previous, beforePrevious) => {
			if (previous === undefined) return;
			for (const source of sources) {
				for (const id of [...variants, ...floors]) {
					const key = `${source}/${id}`;
					const runsBefore = runs[`${key}@${previous}`];
					if (failures[key] || !runsBefore) continue;
					const growth = count / previous;
					const earlier = beforePrevious === undefined ? undefined : medianTotal(key, beforePrevious);
					const exponent = earlier ? Math.min(2, Math.max(1, Math.log(medianTotal(key, previous) / earlier) / Math.log(previous / beforePrevious))) : 1;
					const projectedSeconds = (medianTotal(key, previous) * growth ** exponent) / 1000;
					const gb = (bytes) => `${(bytes / 1e9).toFixed(1)} GB`;
					// n8n's process: its peak RSS, grown with the rows, against its heap limit (V8's default for this machine).
					const heapLimit = runsBefore[0].heapLimit;
					const projectedPeak = heapLimit && median(runsBefore.map((run) => run.peakRss - run.peakOverBaseline + run.peakOverBaseline * growth));
					const skip =
						projectedSeconds > maxRunSeconds
							? `~${projectedSeconds < 120 ? `${Math.round(projectedSeconds)} s` : `${Math.round(projectedSeconds / 60)} min`} a run`
							: heapLimit && projectedPeak > heapLimit
								? `n8n's peak RSS ~${gb(projectedPeak)}, over its heap limit of ${gb(heapLimit)}`
								: undefined;
					if (skip) {
						failures[key] = `not run at ${count.toLocaleString('en-US')} rows: ${skip}, projected from ${previous.toLocaleString('en-US')} rows`;
						log(`n8n ${major} ${key}: ${failures[key]}`);
					}
				}
				// A floor is only there to be compared with its node.
				for (const variant of variants) {
					const floorIds = VARIANTS[variant].floor === 'floor' ? ['floor', 'floorItems'] : [VARIANTS[variant].floor];
					for (const floorId of floorIds) {
						const floorKey = `${source}/${floorId}`;
						if (floorId && failures[`${source}/${variant}`] && !failures[floorKey]) failures[floorKey] = `not run at ${count.toLocaleString('en-US')} rows: nor was the node`;
					}
				}
			}
		};

		/**
		 * Memory, in n8n processes of their own: in a process that has run other workflows, V8
		 * keeps heap pages those left, and how much of a run fits in them depends on what ran
		 * before. So each measured run gets a new n8n process (same database and workflows), warmed
		 * up with that workflow at 10k rows, then the empty run and the garbage collection.
		 */
		const measureMemory = async () => {
			const measured = variants.filter((variant) => ['node', 'engineOnly'].includes(variant));
			for (const count of sizes) {
				for (let round = 0; round < memoryRounds; round++) {
					for (const source of sources) {
						for (const variant of measured) {
							const key = `${source}/${variant}`;
							// Not where the timed runs failed or were not started.
							if (timeRounds && failures[key] && !runs[`${key}@${count}`]) continue;
							try {
								await n8n.restart();
								for (let warmup = 0; warmup < warmups; warmup++) await runWorkflow(source, variant, WARMUP_ROWS);
								const figures = await runWorkflow(source, variant, count);
								(memoryRuns[`${key}@${count}`] ??= []).push(figures);
								log(`n8n ${major} memory ${key} ${count.toLocaleString('en-US')} rows, round ${round + 1}: peak +${Math.round(figures.peakOverBaseline / 1024 ** 2)} MB`);
								progress({ version: n8n.install.version, nodeVersion: n8n.nodeVersion, runs, memoryRuns, failures });
							} catch (error) {
								log(`n8n ${major} memory ${key} at ${count}: ${String(error.message).split('\n')[0].slice(0, 300)}`);
								await emulator.reset();
								if (n8n.exited()) n8n = await startBenchN8n(n8nOptions);
							}
						}
						// The floor and its items alone, each run a process of its own anyway.
						for (const floorId of measured.includes('node') ? ['floor', 'floorItems'] : []) {
							const key = `${source}/${floorId}`;
							if (timeRounds && failures[key] && !runs[`${key}@${count}`]) continue;
							const figures = await runFloor(source, floorId, count);
							(memoryRuns[`${key}@${count}`] ??= []).push(figures);
							log(`n8n ${major} memory ${key} ${count.toLocaleString('en-US')} rows, round ${round + 1}: peak +${Math.round(figures.peakOverBaseline / 1024 ** 2)} MB`);
						}
					}
				}
			}
		};

		for (const [index, count] of sizes.entries()) {
			skipLongRuns(count, sizes[index - 1], sizes[index - 2]);
			for (let round = 0; round < repeatsAt(count); round++) {
				for (const source of sources) {
					const jobs = [
						...variants.map((variant) => ({ id: variant, run: () => runWorkflow(source, variant, count) })),
						...floors.map((floorId) => ({ id: floorId, run: () => runFloor(source, floorId, count) })),
					];
					for (const job of jobs) {
						const key = `${source}/${job.id}`;
						if (failures[key]) continue; // failed at this size or a smaller one: not tried again
						const started = Date.now();
						try {
							const figures = await job.run();
							(runs[`${key}@${count}`] ??= []).push(figures);
							progress({ version: n8n.install.version, nodeVersion: n8n.nodeVersion, runs, memoryRuns, failures });
							log(`n8n ${major} ${key} ${count.toLocaleString('en-US')} rows, round ${round + 1}: ${(figures.timeMs / 1000).toFixed(2)} s`);
						} catch (error) {
							failures[key] = `failed at ${count.toLocaleString('en-US')} rows: ${String(error.message).split('\n')[0].slice(0, 300)}`;
							log(`n8n ${major} ${key}: ${failures[key]} (after ${((Date.now() - started) / 1000).toFixed(0)} s)`);
							await emulator.reset();
							if (n8n.exited()) {
								log(`n8n ${major} exited: starting it again`);
								n8n = await startBenchN8n(n8nOptions);
							}
						}
					}
				}
			}
		}
		await measureMemory();
		return { version: n8n.install.version, nodeVersion: n8n.nodeVersion, runs, memoryRuns, failures };
	} finally {
		for (const stop of stops) await Promise.resolve().then(stop).catch(() => {});
		fs.rmSync(work, { recursive: true, force: true });
	}
}

module.exports = { measureVersion };

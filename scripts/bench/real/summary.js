// @ts-check
/**
 * From the runs to the figures the table and the chart show: medians of the runs of one
 * version, source and size, and the ratios between those medians.
 */
const median = (values) => {
	if (!values?.length) return undefined;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const SMALL_MEMORY = 5 * 1024 ** 2;

const divide = (a, b) => (a === undefined || b === undefined || b <= 0 ? undefined : a / b);
const subtract = (a, b) => (a === undefined || b === undefined ? undefined : a - b);

/**
 * @param {{ runs: Record<string, any[]>, failures: Record<string, string> }} measured one version's runs
 * @param {string} source
 * @param {number} count
 */
function summarize(measured, source, count) {
	const runsOf = (id) => measured.runs[`${source}/${id}@${count}`];
	const pick = (id, field) => median(runsOf(id)?.map((run) => run[field]));
	// Memory from the runs in n8n processes of their own where there are some (measure.js).
	const memoryOf = (id, field) => median((measured.memoryRuns?.[`${source}/${id}@${count}`] ?? runsOf(id))?.map((run) => run[field]));
	const row = {
		runs: runsOf('node')?.length ?? 0,
		sourceMs: median(Object.keys(measured.runs).filter((key) => key.startsWith(`${source}/`) && key.endsWith(`@${count}`) && !key.includes('/floor')).flatMap((key) => measured.runs[key].map((run) => run.sourceMs))),
		floorMs: pick('floor', 'timeMs'),
		nodeMs: pick('node', 'timeMs'),
		nodeOwnMs: pick('node', 'ownMs'),
		nodeAfterSourceMs: pick('node', 'afterSourceMs'),
		engineMs: pick('engineOnly', 'afterSourceMs'),
		helperMs: pick('helperFloor', 'timeMs'),
		concurrentMs: pick('nodeConcurrent', 'timeMs'),
		loopMs: pick('loopAggregateHttp', 'afterSourceMs'),
		typedNodeMs: pick('nodeTyped', 'timeMs'),
		typedFloorMs: pick('floorTyped', 'timeMs'),
		upsertNodeMs: pick('upsert', 'timeMs'),
		upsertFloorMs: pick('floorUpsert', 'timeMs'),
		nodePeak: memoryOf('node', 'peakOverBaseline'),
		enginePeak: memoryOf('engineOnly', 'peakOverBaseline'),
		floorPeak: memoryOf('floor', 'peakOverBaseline'),
		floorItemsPeak: memoryOf('floorItems', 'peakOverBaseline'),
		floorWhileSending: memoryOf('floor', 'addedRss'),
		nodeWhileRunning: memoryOf('node', 'peakWhileRunning'),
		memoryRounds: measured.memoryRuns?.[`${source}/node@${count}`]?.length ?? 0,
	};
	const nodeAdded = subtract(row.nodePeak, row.enginePeak);
	const floorAdded = subtract(row.floorPeak, row.floorItemsPeak);
	const failures = Object.fromEntries(
		['floor', 'node', 'engineOnly', 'helperFloor', 'nodeConcurrent', 'loopAggregateHttp', 'nodeTyped', 'floorTyped', 'upsert', 'floorUpsert']
			.map((id) => [id, measured.failures[`${source}/${id}`]])
			.filter(([id, failure]) => failure && !runsOf(id)),
	);
	return {
		...row,
		nodeAdded,
		floorAdded,
		nodeOverFloor: divide(row.nodeMs, row.floorMs),
		nodeOwnOverFloor: divide(row.nodeOwnMs, row.floorMs),
		helperOverFloor: divide(row.helperMs, row.floorMs),
		nodeOverHelper: divide(row.nodeMs, row.helperMs),
		concurrentOverFloor: divide(row.concurrentMs, row.floorMs),
		typedOverFloor: divide(row.typedNodeMs, row.typedFloorMs),
		upsertOverFloor: divide(row.upsertNodeMs, row.upsertFloorMs),
		loopOverNode: divide(row.loopMs, row.nodeAfterSourceMs),
		// Memory figures of a few MB are the allocator's noise, not a ratio to read.
		// Below zero when No Operation's run peaks higher than the node's (n8n 1.x walks a Code node's proxies again after it).
		memoryOverFloor: floorAdded >= SMALL_MEMORY && nodeAdded >= 0 ? divide(nodeAdded, floorAdded) : undefined,
		whileRunningOverFloor: row.floorWhileSending >= SMALL_MEMORY ? divide(row.nodeWhileRunning, row.floorWhileSending) : undefined,
		failures,
	};
}

module.exports = { summarize, median };

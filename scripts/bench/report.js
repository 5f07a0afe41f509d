// @ts-check
/** The bench's results as markdown: the table, the ratios, the targets and the machine. */

const TARGETS = { nodeOverFloor: 1.25, loopOverNodeAt100k: 10, peakOverItems: 1.5 };

const number = (n) => Math.round(n).toLocaleString('en-US');
const seconds = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const megabytes = (bytes) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
const times = (ratio) => `${ratio.toFixed(2)}x`;
const size = (count) => (count >= 1e6 ? `${count / 1e6}M` : count >= 1e3 ? `${count / 1e3}k` : String(count));

function resultTable({ scenarios, sizes, results, itemsBytes }) {
	const lines = [
		'| Scenario | Records | Runs | Wall time | Node\'s execution time (n8n) | Records/s | CPU time | Import requests | Peak RSS over baseline | ÷ input items\' size | Added by the run |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
	];
	for (const scenario of scenarios) {
		for (const count of sizes) {
			const result = results[`${scenario.id}@${count}`];
			if (!result) continue;
			if (result.skipped) {
				lines.push(`| ${scenario.label} | ${number(count)} | 0 | ${result.skipped} | | | | | | | |`);
				continue;
			}
			const rate = count / (result.wallMs / 1000);
			lines.push(
				`| ${scenario.label} | ${number(count)} | ${result.runs} | ${seconds(result.wallMs)} | ${result.nodeMs === undefined ? '' : seconds(result.nodeMs)} | ${number(rate)} | ${seconds(result.cpuMs)} | ${number(result.requests)} | ${megabytes(result.peakOverBaseline)} | ${times(result.peakOverBaseline / itemsBytes[count])} | ${megabytes(result.peakOverItems)} |`,
			);
		}
	}
	return lines.join('\n');
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The median of the ratios taken round by round: in each round the two scenarios ran one
 * after the other, so a slow spell of this shared machine touches both. With unequal rounds
 * (a run not repeated), the ratio of the medians.
 */
function pairedRatio(overRuns, underRuns, overMedian, underMedian) {
	if (overRuns?.length && overRuns.length === underRuns?.length && overRuns.every((v) => v)) {
		return median(overRuns.map((value, round) => value / underRuns[round]));
	}
	return overMedian && underMedian ? overMedian / underMedian : undefined;
}

function ratio(results, over, under, count) {
	const a = results[`${over}@${count}`];
	const b = results[`${under}@${count}`];
	return pairedRatio(a?.wallMsByRound, b?.wallMsByRound, a?.wallMs, b?.wallMs);
}

/** The node's own execution time (as n8n shows it) over the floor's time. */
function executionOverFloor(results, count) {
	const node = results[`node@${count}`];
	const floor = results[`floor@${count}`];
	return pairedRatio(node?.nodeMsByRound, floor?.wallMsByRound, node?.nodeMs, floor?.wallMs);
}

/** The node against the least any n8n node can take: the floor plus passing the items through n8n. */
function overFloorAndEngine(results, count) {
	const [node, floor, engine] = ['node', 'floor', 'engineOnly'].map((id) => results[`${id}@${count}`]?.wallMs);
	return node && floor && engine ? node / (floor + engine) : undefined;
}

function ratioTable({ sizes, results }) {
	const cell = (value) => (value === undefined ? 'n/a' : times(value));
	const lines = [
		'| Records | node / floor | node\'s execution time / floor | node / floor with new connections | node / (floor + engine alone) | typed table: node / floor | Loop+Aggregate+HTTP / node | HTTP per item / node |',
		'|---:|---:|---:|---:|---:|---:|---:|---:|',
	];
	for (const count of sizes) {
		const cells = [
			ratio(results, 'node', 'floor', count),
			executionOverFloor(results, count),
			ratio(results, 'node', 'floorNewConnections', count),
			overFloorAndEngine(results, count),
			ratio(results, 'nodeTyped', 'floorTyped', count),
			ratio(results, 'loopAggregateHttp', 'node', count),
			ratio(results, 'httpRequestPerItem', 'node', count),
		];
		lines.push(`| ${number(count)} | ${cells.map(cell).join(' | ')} |`);
	}
	return lines.join('\n');
}

function targetLines({ sizes, results, itemsBytes }) {
	const verdict = (ok) => (ok ? 'met' : 'NOT met');
	const lines = [];
	for (const count of sizes) {
		const r = ratio(results, 'node', 'floor', count);
		const own = executionOverFloor(results, count);
		if (r === undefined) continue;
		const ownText = own === undefined ? '' : `; the node's execution time as n8n measures it: ${times(own)}, ${verdict(own <= TARGETS.nodeOverFloor)}`;
		lines.push(`- node within ${TARGETS.nodeOverFloor}x of the floor at ${size(count)}: whole workflow ${times(r)}, ${verdict(r <= TARGETS.nodeOverFloor)}${ownText}`);
		const typed = ratio(results, 'nodeTyped', 'floorTyped', count);
		if (typed !== undefined) lines.push(`- the same into a typed table (the node converts the dates and checks every value's type and the SKUs' uniqueness first): ${times(typed)}, ${verdict(typed <= TARGETS.nodeOverFloor)}`);
	}
	const loop = ratio(results, 'loopAggregateHttp', 'node', 100_000);
	if (loop !== undefined) lines.push(`- node at least ${TARGETS.loopOverNodeAt100k}x faster than Loop+Aggregate+HTTP at 100k: ${times(loop)}, ${verdict(loop >= TARGETS.loopOverNodeAt100k)}`);
	for (const count of sizes) {
		const node = results[`node@${count}`];
		if (!node?.peakOverBaseline) continue;
		const r = node.peakOverBaseline / itemsBytes[count];
		const others = [['the floor', 'floor'], ["n8n's engine alone", 'engineOnly']]
			.filter(([, id]) => results[`${id}@${count}`]?.peakOverBaseline)
			.map(([name, id]) => `${name}: ${times(results[`${id}@${count}`].peakOverBaseline / itemsBytes[count])}`);
		const note = others.length ? ` (${others.join(', ')})` : '';
		const added = node.peakOverItems / itemsBytes[count];
		lines.push(
			`- node's peak RSS under ${TARGETS.peakOverItems}x the input items' size at ${size(count)}: ${times(r)} counting the items themselves${note}, ${verdict(r < TARGETS.peakOverItems)}; what the run adds to the RSS with the items built: ${times(added)}, ${verdict(added < TARGETS.peakOverItems)}`,
		);
	}
	return lines.join('\n');
}

function formatReport(input) {
	const { sizes, itemsBytes, machine, minutes, load, warmups } = input;
	const sizesLine = sizes.map((count) => `${size(count)}: ${megabytes(itemsBytes[count])}`).join(', ');
	return [
		'',
		`Machine: ${machine}. Bench took ${minutes} min (${load}).`,
		`Input items' own size (heap growth after building them and a full gc): ${sizesLine}.`,
		`Each measured run follows ${warmups} warm-up runs of 10,000 records in its process (the per-item HTTP Request: 1).`,
		'',
		resultTable(input),
		'',
		ratioTable(input),
		'',
		'Ratios are medians of the ratios taken round by round (every round runs each scenario once, back to back, so a slow spell of the machine touches both sides); the node / (floor + engine alone) column divides medians.',
		'',
		'Targets:',
		targetLines(input),
		'',
	].join('\n');
}

module.exports = { formatReport };

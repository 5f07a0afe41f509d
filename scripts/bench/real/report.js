// @ts-check
/**
 * The real-n8n bench's results as one markdown table, with the targets under it. n8n's request
 * helper alone: a node that only sends the floor's bodies through n8n's helper (helperFloor/),
 * what any node pays in the AltaTech node's place. Memory
 * added: the run's peak RSS over the RSS before it, less the same for n8n alone (No Operation)
 * or for the floor's items alone. While sending: the peak while the node runs (the floor
 * sends) over the RSS when it starts.
 */
const { summarize } = require('./summary');
const { SOURCES } = require('./workflows');

const TARGET = { nodeOverFloor: 1.25, memoryOverFloor: 1.25, at: 100_000 };

const seconds = (ms) => (ms === undefined ? '' : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`);
const megabytes = (bytes) => (bytes === undefined ? '' : `${Math.round(bytes / 1024 ** 2)} MB`);
const times = (ratio) => (ratio === undefined ? '' : `${ratio.toFixed(2)}x`);
const rows = (count) => count.toLocaleString('en-US');
const short = (count) => (count >= 1e6 ? `${count / 1e6}M` : count >= 1e3 ? `${count / 1e3}k` : String(count));

/** Every (version, source, size) that ran, with its figures. */
function lines(results) {
	const out = [];
	for (const measured of results.versions) {
		for (const source of results.sources) {
			for (const count of results.sizes) out.push({ version: measured.version, source, count, figures: summarize(measured, source, count) });
		}
	}
	return out;
}

/** A figure, or why there is none, without what the row already says (its size). */
function cellOrFailure(value, failure) {
	if (value) return value;
	if (!failure) return 'n/a';
	return failure.replace(/ at [\d,]+ rows/, '').replace(/, projected from [\d,]+ rows/, ' (projected)').replace(/\|/g, '/');
}

/** "node / floor = ratio", or why a figure is missing. */
function versusFloor(nodeMs, floorMs, ratio, nodeFailure, floorFailure) {
	if (nodeMs === undefined) return cellOrFailure('', nodeFailure);
	return floorMs === undefined ? `${seconds(nodeMs)} / floor ${cellOrFailure('', floorFailure)}` : `${seconds(nodeMs)} / ${seconds(floorMs)} = ${times(ratio)}`;
}

function resultTable(results) {
	const header = [
		'n8n', 'Source', 'Rows', 'Source node', 'Floor', 'AltaTech node', 'Node ÷ floor', 'In its code', 'Its code ÷ floor', "n8n's request helper alone", 'Node ÷ helper alone', 'Concurrency 2: node ÷ floor', 'n8n alone', 'Loop > Aggregate > HTTP',
		'Typed table: node / floor', 'Create or Update: node / floor', 'Memory added: node', 'floor', 'node ÷ floor', 'While sending: node', 'floor', 'node ÷ floor',
	];
	const table = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`];
	for (const { version, source, count, figures: f } of lines(results)) {
		if (!f.runs && !f.memoryRounds && !f.floorMs && f.typedNodeMs === undefined && f.upsertNodeMs === undefined && !Object.keys(f.failures).length) continue;
		const typed = versusFloor(f.typedNodeMs, f.typedFloorMs, f.typedOverFloor, f.failures.nodeTyped, f.failures.floorTyped);
		const upsert = versusFloor(f.upsertNodeMs, f.upsertFloorMs, f.upsertOverFloor, f.failures.upsert, f.failures.floorUpsert);
		const loop = f.loopMs !== undefined ? `${seconds(f.loopMs)} (${times(f.loopOverNode)} the node)` : cellOrFailure('', f.failures.loopAggregateHttp);
		table.push(
			`| ${[
				version, SOURCES[source].label, rows(count), seconds(f.sourceMs),
				cellOrFailure(seconds(f.floorMs), f.failures.floor), cellOrFailure(seconds(f.nodeMs), f.failures.node), times(f.nodeOverFloor),
				seconds(f.nodeOwnMs), times(f.nodeOwnOverFloor),
				f.helperMs === undefined ? cellOrFailure('', f.failures.helperFloor) : `${seconds(f.helperMs)} (${times(f.helperOverFloor)} the floor)`, times(f.nodeOverHelper),
				f.concurrentMs === undefined ? cellOrFailure('', f.failures.nodeConcurrent) : `${seconds(f.concurrentMs)} = ${times(f.concurrentOverFloor)}`,
				cellOrFailure(seconds(f.engineMs), f.failures.engineOnly), loop, typed, upsert,
				megabytes(f.nodeAdded), megabytes(f.floorAdded), times(f.memoryOverFloor),
				megabytes(f.nodeWhileRunning), megabytes(f.floorWhileSending), times(f.whileRunningOverFloor),
			].join(' | ')} |`,
		);
	}
	return table.join('\n');
}

function targetLines(results) {
	const verdict = (ratio, target) => (ratio === undefined ? 'no figure' : ratio <= target ? 'met' : 'NOT met');
	const out = [];
	for (const { version, source, count, figures: f } of lines(results)) {
		if (count !== TARGET.at) continue;
		const where = `n8n ${version}, ${SOURCES[source].label} source, ${short(count)} rows`;
		out.push(
			`- ${where}: node time ${times(f.nodeOverFloor) || 'n/a'} the floor's (target ${TARGET.nodeOverFloor}x: ${verdict(f.nodeOverFloor, TARGET.nodeOverFloor)}), ` +
				`in its own code ${times(f.nodeOwnOverFloor) || 'n/a'} (${verdict(f.nodeOwnOverFloor, TARGET.nodeOverFloor)}); ` +
				`memory added ${times(f.memoryOverFloor) || 'n/a'} the floor's (target ${TARGET.memoryOverFloor}x: ${verdict(f.memoryOverFloor, TARGET.memoryOverFloor)}); ` +
				`while sending ${times(f.whileRunningOverFloor) || 'n/a'} (${verdict(f.whileRunningOverFloor, TARGET.memoryOverFloor)})` +
				(f.helperOverFloor === undefined ? '' : `; n8n with its request helper alone takes ${times(f.helperOverFloor)} the floor's time, the node ${times(f.nodeOverHelper)} that`),
		);
	}
	return out.length ? out.join('\n') : `- no run at ${short(TARGET.at)} rows in this bench`;
}

/** The block docs/benchmarks.md shows between its markers, and what the bench prints. */
function formatResults(results) {
	return [
		`Measured ${results.date} on ${results.machine}; ${results.minutes} min (${results.load}).`,
		`Timed rounds per size: ${results.sizes.map((count) => `${short(count)}: ${results.repeats[count]}`).join(', ')}, after ${results.warmups} warm-up round(s) of 10k rows; ` +
			(results.memoryRounds ? `memory: ${results.memoryRounds} run(s) per size, each in an n8n process of its own. ` : 'memory: from the timed runs. ') +
			`n8n under ${results.versions.map((v) => `${v.version}: Node ${v.nodeVersion}`).join(', ')}.`,
		'',
		resultTable(results),
		'',
		`Targets at ${short(TARGET.at)} rows:`,
		targetLines(results),
		'',
	].join('\n');
}

module.exports = { formatResults, lines, TARGET, short, seconds, megabytes, times };

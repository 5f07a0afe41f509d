// @ts-check
/**
 * The table as a chart, in plain SVG: one panel per size, one group of bars per n8n version and
 * source, one bar per scenario, its time written at its end. Each group has its own scale: the
 * groups differ a hundredfold (n8n 1.x's Code node), and a group's bars are what is compared.
 */
const { lines, short, TARGET } = require('./report');
const { SOURCES } = require('./workflows');

const BARS = [
	{ field: 'floorMs', label: 'Floor script (same items, axios)', color: '#9aa5b1' },
	{ field: 'nodeMs', label: 'AltaTech node (as n8n times it)', color: '#e8590c' },
	{ field: 'nodeOwnMs', label: "AltaTech node's own code", color: '#ff922b' },
	{ field: 'typedNodeMs', label: 'AltaTech node, typed table', color: '#f59f00' },
	{ field: 'helperMs', label: "n8n's request helper alone", color: '#845ef7' },
	{ field: 'engineMs', label: 'n8n alone (No Operation)', color: '#4c6ef5' },
	{ field: 'loopMs', label: 'Loop > Aggregate > HTTP Request', color: '#2f9e44' },
];

const WIDTH = 960;
const LABEL_WIDTH = 250;
const VALUE_SPACE = 70;
const BAR = 13;
const BAR_GAP = 3;
const GROUP_GAP = 14;

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const secondsText = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

function renderChart(results) {
	const all = lines(results);
	const parts = [];
	let y = 20;
	parts.push(`<text x="20" y="${y + 6}" font-size="17" font-weight="bold">Time to send the rows, real n8n (lower is better)</text>`);
	y += 26;
	BARS.forEach((bar, index) => {
		const x = 20 + (index % 3) * 300;
		const rowY = y + Math.floor(index / 3) * 20;
		parts.push(`<rect x="${x}" y="${rowY}" width="14" height="12" fill="${bar.color}"/><text x="${x + 20}" y="${rowY + 10}" font-size="12">${escape(bar.label)}</text>`);
	});
	y += Math.ceil(BARS.length / 3) * 20 + 12;

	for (const count of results.sizes) {
		const groups = all.filter((line) => line.count === count && BARS.some((bar) => line.figures[bar.field] !== undefined));
		const notRun = all.filter((line) => line.count === count && !groups.includes(line) && line.figures.failures.node);
		if (!groups.length && !notRun.length) continue;
		parts.push(`<text x="20" y="${y + 14}" font-size="15" font-weight="bold">${short(count)} rows</text>`);
		y += 26;
		for (const { version, source, figures } of groups) {
			const present = BARS.filter((bar) => figures[bar.field] !== undefined);
			const height = Math.max(present.length * (BAR + BAR_GAP), 48);
			const scale = (WIDTH - LABEL_WIDTH - VALUE_SPACE - 20) / Math.max(...present.map((bar) => figures[bar.field]));
			const ratio = figures.nodeOverFloor === undefined ? '' : `node ÷ floor ${figures.nodeOverFloor.toFixed(2)}x${figures.nodeOwnOverFloor === undefined ? '' : ` (own code ${figures.nodeOwnOverFloor.toFixed(2)}x)`}`;
			parts.push(`<text x="${LABEL_WIDTH - 10}" y="${y + height / 2 - 9}" font-size="12" text-anchor="end">n8n ${escape(version)}</text>`);
			parts.push(`<text x="${LABEL_WIDTH - 10}" y="${y + height / 2 + 5}" font-size="12" text-anchor="end" fill="#555">${escape(SOURCES[source].label)} source</text>`);
			parts.push(`<text x="${LABEL_WIDTH - 10}" y="${y + height / 2 + 19}" font-size="12" text-anchor="end" font-weight="bold">${escape(ratio)}</text>`);
			present.forEach((bar, index) => {
				const value = figures[bar.field];
				const barY = y + index * (BAR + BAR_GAP);
				const width = Math.max(1, value * scale);
				parts.push(`<rect x="${LABEL_WIDTH}" y="${barY}" width="${width.toFixed(1)}" height="${BAR}" fill="${bar.color}"><title>${escape(`${bar.label}: ${secondsText(value)}`)}</title></rect>`);
				parts.push(`<text x="${(LABEL_WIDTH + width + 5).toFixed(1)}" y="${barY + 10}" font-size="11">${secondsText(value)}</text>`);
			});
			if (figures.floorMs !== undefined) {
				// The target: the node within 1.25x the floor's time.
				const x = (LABEL_WIDTH + figures.floorMs * TARGET.nodeOverFloor * scale).toFixed(1);
				parts.push(`<line x1="${x}" y1="${y + BAR + 1}" x2="${x}" y2="${y + present.length * (BAR + BAR_GAP)}" stroke="#222" stroke-width="1" stroke-dasharray="3,3"><title>${TARGET.nodeOverFloor}x the floor's time</title></line>`);
			}
			y += height + GROUP_GAP;
		}
		for (const { version, source, figures } of notRun) {
			const why = figures.failures.node.replace(/ at [\d,]+ rows/, '').replace(/, projected from [\d,]+ rows/, ' (projected)');
			parts.push(`<text x="${LABEL_WIDTH - 10}" y="${y + 10}" font-size="12" text-anchor="end">n8n ${escape(version)}, ${escape(SOURCES[source].label)} source</text>`);
			parts.push(`<text x="${LABEL_WIDTH}" y="${y + 10}" font-size="12" fill="#555">${escape(why)}</text>`);
			y += 18 + GROUP_GAP;
		}
		y += 8;
	}
	parts.push(`<text x="20" y="${y + 8}" font-size="11" fill="#555">${escape(`Medians; ${results.machine}. Each group of bars has its own scale; the dashed line is ${TARGET.nodeOverFloor}x the floor's time.`)}</text>`);
	y += 20;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="Helvetica, Arial, sans-serif">`,
		`<rect width="${WIDTH}" height="${y}" fill="#ffffff"/>`,
		...parts,
		'</svg>',
		'',
	].join('\n');
}

module.exports = { renderChart };

// @ts-check
/**
 * What every scenario must leave in the emulator: exactly the N input rows, each once, with the
 * input's values, and the expected number of import requests, all accepted.
 */
const { isDeepStrictEqual } = require('node:util');
const { makeItem } = require('./items');

/** An item as a typed table stores it: the node writes DATETIME as the API reads it back, in UTC. */
function typedRow(index) {
	const item = makeItem(index);
	return { ...item, updated_at: `${item.updated_at.slice(0, 10)} ${item.updated_at.slice(11, 19)}` };
}

function checkStoredRows(rows, count, expectedRow = makeItem) {
	if (rows.length !== count) throw new Error(`the emulator stored ${rows.length} rows, not ${count}`);
	// Rows are items 0..count-1 (the items of the measured run, not of its warm-up).
	const seen = new Uint8Array(count);
	for (const row of rows) {
		// Order-independent: the per-item HTTP Request sends requests in parallel.
		const index = Number(String(row.sku).slice(4));
		if (!(index >= 0 && index < count) || seen[index]) throw new Error(`unexpected or repeated row ${JSON.stringify(row)}`);
		seen[index] = 1;
		if (!isDeepStrictEqual(row, expectedRow(index))) throw new Error(`row ${index} differs from its input item: ${JSON.stringify(row)}`);
	}
}

function checkImportRequests({ accepted, all }, expected) {
	if (accepted !== expected || all !== expected) {
		throw new Error(`expected ${expected} import requests, all accepted; the emulator saw ${all}, ${accepted} accepted`);
	}
}

module.exports = { checkStoredRows, checkImportRequests, typedRow };

// @ts-check
/**
 * The rows every source hands on: N rows of four fields (a unique SKU, a name, a price and an
 * ISO date in UTC). The Code node runs ROWS_CODE; the row server and the checks use makeRow,
 * which gives the same values.
 */
const START = Date.UTC(2025, 0, 1);

/** The Code node's body after `const n = ...;` (Run Once for All Items). */
const ROWS_CODE = `const START = Date.UTC(2025, 0, 1);
const rows = new Array(n);
for (let i = 0; i < n; i++) {
	rows[i] = {
		json: {
			sku: 'SKU-' + String(i).padStart(7, '0'),
			name: 'Product ' + i,
			price: ((i * 7919) % 100000) / 100 + 0.5,
			updated_at: new Date(START + i * 60000).toISOString(),
		},
	};
}
return rows;`;

/** The Code node's code in a workflow: the row count comes in the webhook's query (?n=). */
const CODE_NODE_JS = `const n = Number($input.first().json.query.n);\n${ROWS_CODE}`;

/** The same code outside n8n, for `count` rows. */
const codeFor = (count) => `const n = ${Number(count)};\n${ROWS_CODE}`;

function makeRow(i) {
	return {
		sku: `SKU-${String(i).padStart(7, '0')}`,
		name: `Product ${i}`,
		price: ((i * 7919) % 100000) / 100 + 0.5,
		updated_at: new Date(START + i * 60000).toISOString(),
	};
}

/** A typed table's DATETIME column reads back `YYYY-MM-DD HH:MM:SS` (UTC). */
const asDateTimeColumn = (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;

/** A row as a typed table stores it. */
function makeTypedRow(i) {
	const row = makeRow(i);
	return { ...row, updated_at: asDateTimeColumn(row.updated_at) };
}

/** The typed table: every column declared, the SKU required and unique. */
const TYPED_FIELDS = [
	{ name: 'sku', type: 'TEXT', required: true, unique: true },
	{ name: 'name', type: 'TEXT' },
	{ name: 'price', type: 'FLOAT' },
	{ name: 'updated_at', type: 'DATETIME' },
];

module.exports = { ROWS_CODE, CODE_NODE_JS, codeFor, makeRow, makeTypedRow, asDateTimeColumn, TYPED_FIELDS };

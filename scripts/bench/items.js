// @ts-check
/**
 * The bench's input: N product rows, the kind an HTTP API or a sheet hands to the node. Every
 * value is a string, number or boolean, so the node sends them as they are (no conversion),
 * and every row has its own strings (nothing shared between rows that would flatter the size).
 */
const CATEGORIES = ['tools', 'garden', 'kitchen', 'toys', 'books', 'sports', 'office', 'audio'];
const START = Date.UTC(2025, 0, 1);

function makeItem(i) {
	return {
		sku: `SKU-${String(i).padStart(7, '0')}`,
		name: `Product ${i}`,
		category: CATEGORIES[i % CATEGORIES.length],
		price: ((i * 7919) % 100000) / 100 + 0.5,
		stock: (i * 31) % 1000,
		active: i % 5 !== 0,
		updated_at: new Date(START + i * 60_000).toISOString(),
	};
}

/** Items `first` .. `first + count - 1` (warm-up runs take SKUs of their own: a unique column refuses repeats). */
function makeItems(count, first = 0) {
	const items = new Array(count);
	for (let i = 0; i < count; i++) items[i] = makeItem(first + i);
	return items;
}

/** The request bodies every scenario must send: 1000 records per request, as `{values}` wrappers. */
const RECORDS_PER_REQUEST = 1000;

module.exports = { makeItem, makeItems, RECORDS_PER_REQUEST };

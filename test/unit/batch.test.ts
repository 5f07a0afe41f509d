import fc from 'fast-check';

import { BatchPlanner, planBatches } from '../../nodes/AltaTech/core/batch';
import { csvBytesOf } from '../../nodes/AltaTech/core/csv';
import type { PreparedRecord, TableRecord } from '../../nodes/AltaTech/core/types';

const rows = (n: number, make: (i: number) => TableRecord = (i) => ({ id: String(i) })): PreparedRecord[] =>
	Array.from({ length: n }, (_, i) => ({ itemIndex: i, record: make(i) }));

describe('batching', () => {
	it.each([
		[0, []],
		[1, [1]],
		[999, [999]],
		[1000, [1000]],
		[1001, [1000, 1]],
		[2500, [1000, 1000, 500]],
	])('splits %i records into %j', (n, sizes) => {
		const { batches, problems } = planBatches(rows(n), { batchSize: 1000, maxCsvBytes: 10 * 1024 * 1024 });
		expect(problems).toEqual([]);
		expect(batches.map((b) => b.records.length)).toEqual(sizes);
		expect(batches.flatMap((b) => b.itemIndexes)).toEqual([...Array(n).keys()]);
	});

	it('honours a smaller batch size', () => {
		const { batches } = planBatches(rows(25), { batchSize: 10, maxCsvBytes: 1e9 });
		expect(batches.map((b) => b.records.length)).toEqual([10, 10, 5]);
	});

	it('splits by CSV size, filling each request up to the limit exactly', () => {
		// Each row "xxxxxxxx\r\n" is 10 bytes, header "id\r\n" 4 bytes: 4 + 10 * 10 = 104.
		const records = rows(25, () => ({ id: 'x'.repeat(8) }));
		const { batches } = planBatches(records, { batchSize: 1000, maxCsvBytes: 104 });
		expect(batches.map((b) => b.records.length)).toEqual([10, 10, 5]);
		expect(batches.map((b) => b.csvBytes)).toEqual([104, 104, 54]);
	});

	it('gives the exact CSV size of batches planned by the size bound alone', () => {
		const { batches } = planBatches(rows(2500), { batchSize: 1000, maxCsvBytes: 10 * 1024 * 1024 });
		expect(batches.map((b) => b.csvBytes)).toEqual(batches.map((b) => csvBytesOf(b.records)));
	});

	it('stays within the limit with the longest number texts (25 characters)', () => {
		const record = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`n${i}`, -0.0000012345678901234567]));
		expect(String(record.n0)).toHaveLength(25);
		const oneRow = csvBytesOf([record]);
		for (let maxCsvBytes = oneRow; maxCsvBytes <= 3 * oneRow; maxCsvBytes++) {
			const { batches } = planBatches(rows(5, () => record), { batchSize: 1000, maxCsvBytes });
			for (const b of batches) expect(csvBytesOf(b.records)).toBeLessThanOrEqual(maxCsvBytes);
		}
	});

	it('fails a record that is too big alone, and sends its neighbours', () => {
		const records = rows(3, (i) => ({ id: i === 1 ? 'y'.repeat(200) : 'ok' }));
		const { batches, problems } = planBatches(records, { batchSize: 1000, maxCsvBytes: 100 });
		expect(problems).toEqual([expect.objectContaining({ itemIndex: 1, rule: 'csvSize' })]);
		expect(batches.flatMap((b) => b.itemIndexes)).toEqual([0, 2]);
	});

	it('says whether it took each record, so a refused one can give up what it claimed', () => {
		const planner = new BatchPlanner({ batchSize: 2, maxCsvBytes: 100 });
		const taken = [{ id: 'a' }, { id: 'y'.repeat(200) }, { id: 'b' }, { id: 'c' }].map((record, i) => planner.add(i, record));
		expect(taken).toEqual([true, false, true, true]);
		const { batches, problems } = planner.finish();
		expect(batches.map((b) => b.itemIndexes)).toEqual([[0], [2, 3]]);
		expect(problems.map((p) => p.itemIndex)).toEqual([1]);
	});

	it('never exceeds the limits and keeps every record once, in order', () => {
		const record = fc.dictionary(fc.constantFrom('a', 'b', 'c,d', 'e"'), fc.string({ maxLength: 40 }), { minKeys: 1 });
		fc.assert(
			fc.property(fc.array(record, { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 20, max: 300 }), (recs, batchSize, maxCsvBytes) => {
				const prepared = recs.map((r, i) => ({ itemIndex: i, record: r }));
				const { batches, problems } = planBatches(prepared, { batchSize, maxCsvBytes });
				for (const b of batches) {
					expect(b.records.length).toBeLessThanOrEqual(batchSize);
					expect(b.csvBytes).toBe(csvBytesOf(b.records));
					expect(b.csvBytes).toBeLessThanOrEqual(maxCsvBytes);
				}
				const sent = batches.flatMap((b) => b.itemIndexes);
				const failed = problems.map((p) => p.itemIndex);
				expect([...sent, ...failed].sort((x, y) => x - y)).toEqual([...prepared.keys()]);
				expect(sent).toEqual([...sent].sort((x, y) => x - y));
				for (const i of failed) expect(csvBytesOf([recs[i]])).toBeGreaterThan(maxCsvBytes);
				// Greedy and exact: a batch closed early only because the next record would not fit
				// (the cheap size bound never splits where the exact size would not).
				for (const [n, b] of batches.slice(0, -1).entries()) {
					const next = batches[n + 1].itemIndexes[0];
					if (b.records.length === batchSize || failed.some((i) => i > b.itemIndexes.at(-1)! && i < next)) continue;
					expect(csvBytesOf([...b.records, recs[next]])).toBeGreaterThan(maxCsvBytes);
				}
			}),
			{ numRuns: 300 },
		);
	});
});

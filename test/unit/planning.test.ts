import fc from 'fast-check';

import type { RequestLimits } from '../../nodes/AltaTech/core/bulk/plan';
import { CsvSizeMeter } from '../../nodes/AltaTech/core/csv';
import { importRecordsEndpoint } from '../../nodes/AltaTech/core/endpoints/importRecords';
import { importPreparer, planWrite } from '../../nodes/AltaTech/core/pipeline';
import type { TableField, TableRecord, TableSchema } from '../../nodes/AltaTech/core/types';
import { csvBytesOf } from './steps';

/** An import's limits with a smaller byte limit, so tests need not write 10 MB. */
const csvLimits = (maxRecords: number, maxBytes: number): RequestLimits<TableRecord> => ({ maxRecords, maxBytes, newMeter: (max) => new CsvSizeMeter(max) });
const importLimits = (batchSize = 1000) => importRecordsEndpoint({ tableId: 't', recordFormat: 'values', batchSize, hasUniqueColumns: false }).limits;

const rowsOf = (records: Array<Record<string, unknown>>) => ({ itemIndexes: records.map((_, i) => i), fields: records });
const ids = (n: number, make: (i: number) => Record<string, unknown> = (i) => ({ id: String(i) })) => rowsOf(Array.from({ length: n }, (_, i) => make(i)));

/** Plans a write to a table without declared columns, as imports prepare records. */
function plan(rows: ReturnType<typeof rowsOf>, limits: RequestLimits<TableRecord>, schema: TableSchema = { fields: [] }, unknownFields: 'fail' | 'ignore' = 'fail') {
	const preparer = importPreparer(schema, unknownFields);
	return planWrite(rows, preparer.prepare, limits, preparer.release);
}

describe('batching', () => {
	it.each([
		[0, []],
		[1, [1]],
		[999, [999]],
		[1000, [1000]],
		[1001, [1000, 1]],
		[2500, [1000, 1000, 500]],
	])('splits %i records into %j', (n, sizes) => {
		const { batches, problems } = plan(ids(n), importLimits());
		expect(problems).toEqual([]);
		expect(batches.map((b) => b.records.length)).toEqual(sizes);
		expect(batches.map((b) => b.number)).toEqual(sizes.map((_, i) => i + 1));
		expect(batches.flatMap((b) => b.itemIndexes)).toEqual([...Array(n).keys()]);
	});

	it('honours a smaller batch size', () => {
		expect(plan(ids(25), importLimits(10)).batches.map((b) => b.records.length)).toEqual([10, 10, 5]);
	});

	it('splits by CSV size, filling each request up to the limit exactly', () => {
		// Each row "xxxxxxxx\r\n" is 10 bytes, header "id\r\n" 4 bytes: 4 + 10 * 10 = 104.
		const { batches } = plan(ids(25, () => ({ id: 'x'.repeat(8) })), csvLimits(1000, 104));
		expect(batches.map((b) => b.records.length)).toEqual([10, 10, 5]);
		expect(batches.map((b) => b.bytes)).toEqual([104, 104, 54]);
	});

	it('gives each batch its exact CSV size', () => {
		const { batches } = plan(ids(2500, (i) => ({ id: String(i), note: i % 7 ? 'plain' : 'with, "quotes"' })), importLimits());
		expect(batches.map((b) => b.bytes)).toEqual(batches.map((b) => csvBytesOf(b.records)));
	});

	it('stays within the limit with the longest number texts (25 characters)', () => {
		const record = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`n${i}`, -0.0000012345678901234567]));
		expect(String(record.n0)).toHaveLength(25);
		const oneRow = csvBytesOf([record]);
		for (let maxBytes = oneRow; maxBytes <= 3 * oneRow; maxBytes++) {
			const { batches, problems } = plan(ids(5, () => record), csvLimits(1000, maxBytes));
			expect(problems).toEqual([]);
			for (const b of batches) expect(csvBytesOf(b.records)).toBeLessThanOrEqual(maxBytes);
		}
	});

	it('fails a record that is too big alone, and sends its neighbours', () => {
		const { batches, problems } = plan(ids(3, (i) => ({ id: i === 1 ? 'y'.repeat(200) : 'ok' })), csvLimits(1000, 100));
		expect(problems).toEqual([expect.objectContaining({ itemIndex: 1, rule: 'recordSize' })]);
		// The message gives the record's own size and the limit.
		expect(problems[0].message).toContain(String(csvBytesOf([{ id: 'y'.repeat(200) }])));
		expect(problems[0].message).toContain('100');
		expect(batches.flatMap((b) => b.itemIndexes)).toEqual([0, 2]);
	});

	it('keeps the problems found before planning, and the fields the table ignored', () => {
		const preparer = importPreparer({ fields: [{ name: 'id', type: 'TEXT', required: false, unique: false }] }, 'ignore');
		const earlier = [{ itemIndex: 5, rule: 'mapping' as const, message: 'its expression failed' }];
		const planned = planWrite({ itemIndexes: [3, 7], fields: [{ id: 'a', x: 1 }, { id: 'b' }] }, preparer.prepare, importLimits(), preparer.release, earlier);
		expect(planned.problems).toEqual(earlier);
		expect(planned.batches.map((b) => b.itemIndexes)).toEqual([[3, 7]]);
		expect([...planned.ignoredFields]).toEqual([[3, ['x']]]);
	});

	it('never exceeds the limits and keeps every record once, in order', () => {
		const record = fc.dictionary(fc.constantFrom('a', 'b', 'c,d', 'e"'), fc.string({ minLength: 1, maxLength: 40 }), { minKeys: 1 });
		fc.assert(
			fc.property(fc.array(record, { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 20, max: 300 }), (recs, batchSize, maxBytes) => {
				const { batches, problems } = plan(rowsOf(recs), csvLimits(batchSize, maxBytes));
				for (const b of batches) {
					expect(b.records.length).toBeLessThanOrEqual(batchSize);
					expect(b.bytes).toBe(csvBytesOf(b.records));
					expect(b.bytes).toBeLessThanOrEqual(maxBytes);
				}
				const sent = batches.flatMap((b) => b.itemIndexes);
				const failed = problems.map((p) => p.itemIndex);
				expect([...sent, ...failed].sort((x, y) => x - y)).toEqual([...recs.keys()]);
				expect(sent).toEqual([...sent].sort((x, y) => x - y));
				expect(batches.flatMap((b) => b.records)).toEqual(sent.map((i) => recs[i]));
				for (const i of failed) expect(csvBytesOf([recs[i]])).toBeGreaterThan(maxBytes);
				// Greedy: a batch is closed early only because the next record would not fit.
				for (const [n, b] of batches.slice(0, -1).entries()) {
					const next = batches[n + 1].itemIndexes[0];
					if (b.records.length === batchSize || failed.some((i) => i > b.itemIndexes.at(-1)! && i < next)) continue;
					expect(csvBytesOf([...b.records, recs[next]])).toBeGreaterThan(maxBytes);
				}
			}),
			{ numRuns: 300 },
		);
	});
});

describe('a value that cannot be written, in a field the table ignores', () => {
	const table: TableSchema = { fields: [{ name: 'id', type: 'TEXT', required: false, unique: false } satisfies TableField] };
	const cut = 'Launch 🚀 today'.slice(0, 8);

	it('does not stop the item: the field is left out like any unknown one, and listed as ignored', () => {
		const planned = plan(rowsOf([{ id: 'a', notes: cut, n: Number.NaN }, { notes: cut }]), importLimits(), table, 'ignore');
		expect(planned.batches.flatMap((b) => b.records)).toEqual([{ id: 'a' }]);
		expect([...planned.ignoredFields]).toEqual([[0, ['notes', 'n']], [1, ['notes']]]);
		expect(planned.problems).toEqual([expect.objectContaining({ itemIndex: 1, rule: 'notEmpty' })]);
	});

	it('blames the empty column, not the ignored fields, when the item has the column but no value in it', () => {
		const keyed: TableSchema = { fields: [{ name: 'sku', type: 'TEXT', required: true, unique: true }, { name: 'name', type: 'TEXT', required: false, unique: false }] };
		for (const sku of [null, undefined, '']) {
			expect([sku, plan(rowsOf([{ sku, extra: 2 }]), importLimits(), keyed, 'ignore').problems]).toEqual([sku, [expect.objectContaining({ itemIndex: 0, field: 'sku', rule: 'uniqueRequired' })]]);
		}
		expect(plan(rowsOf([{ id: null, extra: 2 }]), importLimits(), table, 'ignore').problems).toEqual([expect.objectContaining({ itemIndex: 0, rule: 'notEmpty', message: expect.stringMatching(/^the record has no values/) })]);
	});

	it('is still an error where the field is a column, or unknown fields fail the item', () => {
		expect(plan(rowsOf([{ id: cut }]), importLimits(), table, 'ignore').problems).toEqual([expect.objectContaining({ itemIndex: 0, field: 'id', rule: 'wellFormedText' })]);
		expect(plan(rowsOf([{ id: 'a', notes: cut }]), importLimits(), table, 'fail').problems).toEqual([expect.objectContaining({ itemIndex: 0, field: 'notes', rule: 'unknownField' })]);
	});
});

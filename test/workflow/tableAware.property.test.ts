/**
 * Random tables and inputs, imported with Invalid Records = Skip against the emulator:
 * stored + reported = input, nothing stored twice, no request over 1000 records or 10 MB.
 */
import fc from 'fast-check';

import { autoMapParameters, imports, run, useTestEmulator } from './setup';

const TYPES = ['TEXT', 'INT', 'FLOAT', 'BOOLEAN', 'DATETIME'] as const;

const fieldArb = fc.record({ type: fc.constantFrom(...TYPES), required: fc.boolean(), unique: fc.boolean() });
// Small pools make repeats, empties and wrong types likely.
const valueArb = fc.oneof(
	fc.constantFrom('a', 'b', 'c', '', '1', '2', '2.5', 'yes', 'no', '2025-01-02 03:04:05', 'x,"y"\n'),
	fc.integer({ min: 0, max: 3 }),
	fc.boolean(),
	fc.constant(null),
);
const caseArb = fc.record({
	fields: fc.array(fieldArb, { minLength: 1, maxLength: 3 }),
	stored: fc.array(fc.constantFrom('a', 'b', '1'), { maxLength: 2 }),
	items: fc.array(fc.array(valueArb, { minLength: 3, maxLength: 3 }), { maxLength: 30 }),
	batchSize: fc.integer({ min: 1, max: 7 }),
});

const emulator = useTestEmulator();

it('every input item is either stored exactly once or reported, and no request breaks the limits', async () => {
	await fc.assert(
		fc.asyncProperty(caseArb, async ({ fields, stored, items, batchSize }) => {
			const columns = fields.map((f, i) => ({ name: `f${i}`, ...f }));
			const uniqueText = columns.filter((c) => c.unique && c.type === 'TEXT');
			const table = {
				id: 'tbl_random',
				name: 'random',
				fields: [{ name: 'rid', type: 'TEXT', required: true, unique: false }, ...columns],
				// Stored rows give the server conflicts only it can find.
				rows: uniqueText.length ? stored.map((v, i) => ({ rid: `stored-${i}`, ...Object.fromEntries(uniqueText.map((c) => [c.name, `${v}-${i}`])) })) : [],
			};
			emulator.configure({ tables: [table] });
			emulator.reset();
			const input = items.map((values, index) => {
				const item: Record<string, unknown> = { rid: String(index) };
				columns.forEach((c, i) => (item[c.name] = values[i]));
				// Sometimes collide with a stored unique value.
				if (uniqueText.length && stored.length && index % 4 === 0) item[uniqueText[0].name] = `${stored[0]}-0`;
				return item;
			});

			const result = await run(emulator, input, autoMapParameters('tbl_random', { batchSize, onInvalidRecord: 'skip' }));
			expect(result.error).toBeUndefined();

			const storedIds = emulator.rows('tbl_random').map((r) => String(r.rid)).filter((rid) => !rid.startsWith('stored-'));
			const reported = result.output.filter((o) => o.json.error).map((o) => String(o.pairedItem?.item));
			expect(new Set(storedIds).size).toBe(storedIds.length); // nothing stored twice
			expect([...storedIds, ...reported].sort()).toEqual(input.map((_, i) => String(i)).sort()); // stored + reported = input
			// No good record is lost to a bad neighbour: every report is about the item itself.
			expect(result.output.filter((o) => /rejected the request/.test(o.json.error ?? ''))).toEqual([]);
			for (const column of columns.filter((c) => c.unique)) {
				const values = emulator.rows('tbl_random').map((r) => r[column.name]).filter((v) => v !== undefined);
				expect(new Set(values.map(String)).size).toBe(values.length);
			}
			for (const request of imports(emulator)) {
				if (request.recordCount !== null) expect(request.recordCount).toBeLessThanOrEqual(Math.min(batchSize, 1000));
				if (request.csvBytes !== null) expect(request.csvBytes).toBeLessThanOrEqual(10 * 1024 * 1024);
			}
		}),
		{ numRuns: 60 },
	);
});

import { Conformer } from '../../nodes/AltaTech/core/conform';
import { toColumnType } from '../../nodes/AltaTech/core/typing';
import type { TableField, TableRecord, TableSchema } from '../../nodes/AltaTech/core/types';

const column = (name: string, type: TableField['type']): TableField => ({ name, type, required: false, unique: false });
const schema: TableSchema = { fields: [column('sku', 'TEXT'), column('stock', 'INT'), column('at', 'DATETIME'), column('ok', 'BOOLEAN')] };

describe('conforming a record to the table', () => {
	it('keeps a record already in the table types as it is (no copy)', () => {
		const input = { sku: 'A', stock: 3, at: '2025-01-02 03:04:05', ok: true };
		const conformed = new Conformer(schema, 'fail').conform(0, input);
		expect(conformed.record).toBe(input);
		expect(conformed.problems).toHaveLength(0);
	});

	it('converts into a new record, in the input order, and leaves the input unchanged', () => {
		const input = { sku: 'A', stock: '7', at: '2025-01-02T03:04:05.678Z', ok: 'yes' };
		const conformed = new Conformer(schema, 'fail').conform(0, input);
		expect(Object.entries(conformed.record)).toEqual([['sku', 'A'], ['stock', 7], ['at', '2025-01-02 03:04:05'], ['ok', true]]);
		expect(input).toEqual({ sku: 'A', stock: '7', at: '2025-01-02T03:04:05.678Z', ok: 'yes' });
	});

	it('leaves out unknown fields with "ignore", wherever they are against the conversions', () => {
		const conformer = new Conformer(schema, 'ignore');
		const cases: Array<{ input: TableRecord; record: Array<[string, unknown]>; ignored: string[] }> = [
			{ input: { extra: 1, sku: 'A', stock: '7' }, record: [['sku', 'A'], ['stock', 7]], ignored: ['extra'] },
			{ input: { sku: 'A', stock: '7', extra: 1, ok: 'no' }, record: [['sku', 'A'], ['stock', 7], ['ok', false]], ignored: ['extra'] },
			{ input: { stock: '7', x: 1, sku: 'A', y: 2, at: 0 }, record: [['stock', 7], ['sku', 'A'], ['at', '1970-01-01 00:00:00']], ignored: ['x', 'y'] },
			{ input: { sku: 'A', x: 1 }, record: [['sku', 'A']], ignored: ['x'] },
		];
		for (const { input, record, ignored } of cases) {
			const conformed = conformer.conform(0, input);
			expect(Object.entries(conformed.record)).toEqual(record);
			expect(conformed.ignoredFields).toEqual(ignored);
			expect(conformed.problems).toHaveLength(0);
		}
	});

	it('names every field that fails, and unknown fields with "fail"', () => {
		const conformed = new Conformer(schema, 'fail').conform(4, { stock: '7.5', extra: 1, at: 'soon' });
		expect(conformed.problems.map((p) => [p.itemIndex, p.field, p.rule])).toEqual([[4, 'stock', 'type'], [4, 'extra', 'unknownField'], [4, 'at', 'type']]);
	});
});

/**
 * DATETIME from ISO text with a zone, as it must be: a day the calendar lacks is refused (a Date
 * would roll it over into the next month), else the instant through a Date, in the years 1000-9999.
 */
function expectedDateTime(text: string): string | undefined {
	const [year, month, day] = text.slice(0, 10).split('-').map(Number);
	const calendar = new Date(Date.UTC(year, month - 1, day));
	if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
	const date = new Date(text);
	if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1000 || date.getUTCFullYear() > 9999) return undefined;
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

describe('DATETIME from ISO text with a zone', () => {
	it('gives the instant in UTC for real days and times, and refuses impossible ones', () => {
		// A seeded walk over years, months, days, times and zones, with edges: leap days, 23:59:59, 24:00.
		let seed = 7;
		const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
		const two = (n: number) => String(n).padStart(2, '0');
		const texts = ['2024-02-29T12:00:00Z', '2023-02-29T12:00:00Z', '1900-02-29T00:00:00Z', '2000-02-29T00:00:00Z', '2100-02-29T00:00:00Z', '2025-12-31T23:59:59.999Z', '2025-01-01T24:00:00Z', '2025-04-31T00:00:00Z', '2025-02-30T00:00:00+02:00', '0999-12-31T23:59:59Z', '1000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2025-13-01T00:00:00Z', '2025-00-10T00:00:00Z', '2025-01-00T00:00:00Z', '2025-01-01T12:60:00Z', '2025-01-01T12:00:60Z', '2025-01-01T12:00:00z', `2025-01-01T12:00:00.${'9'.repeat(40)}Z`];
		const zones = ['Z', 'Z', 'z', '+02:00', '-0530', '+00:00'];
		for (let i = 0; i < 3000; i++) {
			const year = String(900 + next(9200)).padStart(4, '0');
			const fraction = next(3) === 0 ? '' : `.${'9'.repeat(1 + next(12))}`;
			texts.push(`${year}-${two(next(14))}-${two(next(33))}T${two(next(26))}:${two(next(62))}:${two(next(62))}${fraction}${zones[next(zones.length)]}`);
		}
		let accepted = 0;
		for (const text of texts) {
			const typed = toColumnType(text, 'DATETIME');
			const value = 'value' in typed ? typed.value : undefined;
			if (value !== undefined) accepted++;
			expect([text, value]).toEqual([text, expectedDateTime(text)]);
		}
		expect(accepted).toBeGreaterThan(500); // the walk is not all impossible dates
		expect(toColumnType('2023-02-29T12:00:00Z', 'DATETIME')).toEqual({ expected: expect.stringContaining('DATETIME') });
	});
});

import fc from 'fast-check';

import { Conformer } from '../../nodes/AltaTech/core/conform';
import { recordValueBytesAtMost } from '../../nodes/AltaTech/core/csv';
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
			{ input: { stock: '7', x: 1, sku: 'A', y: 2, at: Date.UTC(2024, 0, 1) }, record: [['stock', 7], ['sku', 'A'], ['at', '2024-01-01 00:00:00']], ignored: ['x', 'y'] },
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

describe('a record none of whose fields is a column', () => {
	it('is refused for that reason when its fields are ignored, not as a record without values', () => {
		const conformer = new Conformer({ fields: [column('sku', 'TEXT'), column('stock', 'INT')] }, 'ignore');
		const { problems, ignoredFields } = conformer.conform(4, { Sku: 'A', qty: 3 });
		expect(ignoredFields).toEqual(['Sku', 'qty']);
		expect(problems).toEqual([
			{ itemIndex: 4, rule: 'notEmpty', message: 'none of its fields (Sku, qty) is a column of the table, so it would add a blank row (its columns: sku, stock)' },
		]);
		expect(conformer.conform(5, { Sku: 'A', stock: 3 }).problems).toEqual([]);
	});
});

describe('empty text and the column types', () => {
	const typed: TableSchema = { fields: [column('qty', 'INT'), column('price', 'FLOAT'), column('active', 'BOOLEAN'), column('seen', 'DATETIME'), column('sku', 'TEXT')] };

	it('keeps an empty text as an empty field in any column, without copying the record', () => {
		const input = { qty: '', price: '', active: '', seen: '', sku: '' };
		const conformed = new Conformer(typed, 'fail').conform(0, input);
		expect(conformed.problems).toEqual([]);
		expect(conformed.record).toBe(input);
	});

	it('still refuses text of blanks in a typed column, naming the field', () => {
		const conformed = new Conformer(typed, 'fail').conform(3, { qty: ' ', price: '  ', active: ' ', seen: '\t' });
		expect(conformed.problems.map((p) => [p.itemIndex, p.field, p.rule])).toEqual([
			[3, 'qty', 'type'],
			[3, 'price', 'type'],
			[3, 'active', 'type'],
			[3, 'seen', 'type'],
		]);
		expect(conformed.problems[0].message).toBe('" " cannot be read as a whole number (INT)');
	});
});

describe('INT from text, read exactly', () => {
	const conformer = new Conformer({ fields: [column('n', 'INT')] }, 'fail');
	const read = (n: unknown) => conformer.conform(0, { n } as TableRecord);

	it('takes text that is exactly a whole number, however it is written', () => {
		const cases: Array<[string, number]> = [
			['42', 42],
			[' -7 ', -7],
			['+5', 5],
			['007', 7],
			['1.0', 1],
			['1.000000000000000000000', 1],
			['5.', 5],
			['1e3', 1000],
			['1.5e1', 15],
			['12500e-2', 125],
			['0.0000e-400', 0],
			['9007199254740991', Number.MAX_SAFE_INTEGER],
			['-9007199254740991', -Number.MAX_SAFE_INTEGER],
			['900719925474099.1e1', Number.MAX_SAFE_INTEGER],
			['0.9007199254740991e16', Number.MAX_SAFE_INTEGER],
		];
		for (const [text, value] of cases) expect([text, read(text).record.n, read(text).problems]).toEqual([text, value, []]);
	});

	it('refuses text a float would round to a whole number', () => {
		for (const text of ['1.0000000000000001', '0.99999999999999999', '123456789012345.99999', '4.99999999999999999e2', '1e-400', '-1e-400', '1.5', '0.5e0', '1e', '1e+', '.', '0x1A', '1_000', '1.2.3']) {
			const { problems } = read(text);
			expect([text, problems.map((p) => p.message)]).toEqual([text, [`${JSON.stringify(text)} cannot be read as a whole number (INT)`]]);
		}
	});

	it('refuses whole numbers beyond ±9007199254740991, saying so', () => {
		for (const value of ['9007199254740992', '9007199254740993', '-9007199254740993', '12345678901234567', '1e16', '1e400', '0.9007199254740993e16', 2 ** 53, -(2 ** 53), 1e20]) {
			const { problems } = read(value);
			expect([value, problems.map((p) => [p.rule, p.message])]).toEqual([value, [['type', `${JSON.stringify(value)} is a whole number beyond ±9007199254740991, the largest an INT can be sent as exactly`]]]);
		}
	});

	it('agrees with exact arithmetic on random decimal texts', () => {
		// The reference: the text's digits as a BigInt, scaled by its exponent, never a float.
		const exact = (sign: string, integer: string, fraction: string, exponent: number): bigint | 'notWhole' => {
			const scale = exponent - fraction.length;
			const digits = BigInt(integer + fraction || '0') * (sign === '-' ? -1n : 1n);
			if (scale >= 0) return digits * 10n ** BigInt(scale);
			const divisor = 10n ** BigInt(-scale);
			return digits % divisor === 0n ? digits / divisor : 'notWhole';
		};
		const digitText = fc.string({ unit: fc.constantFrom('0', '0', '9', '1', '5'), maxLength: 20 });
		fc.assert(
			fc.property(fc.constantFrom('', '+', '-'), digitText, fc.option(digitText), fc.option(fc.integer({ min: -40, max: 40 })), (sign, integer, fraction, exponent) => {
				fc.pre(integer.length + (fraction?.length ?? 0) > 0);
				const text = `${sign}${integer}${fraction !== null ? `.${fraction}` : ''}${exponent !== null ? `e${exponent}` : ''}`;
				const want = exact(sign, integer, fraction ?? '', exponent ?? 0);
				const { record, problems } = read(text);
				if (want === 'notWhole') expect([text, problems[0]?.message]).toEqual([text, expect.stringMatching(/cannot be read as a whole number/)]);
				else if (want > BigInt(Number.MAX_SAFE_INTEGER) || want < -BigInt(Number.MAX_SAFE_INTEGER)) expect([text, problems[0]?.message]).toEqual([text, expect.stringMatching(/beyond/)]);
				else expect([text, problems, Number(record.n) + 0]).toEqual([text, [], Number(want)]); // + 0: "-0" may give -0, sent as 0
			}),
			{ numRuns: 20000 },
		);
	});

	it('keeps numbers as whole numbers only when they are safe integers', () => {
		expect(read(Number.MAX_SAFE_INTEGER).problems).toEqual([]);
		expect(read(1.5).problems[0].message).toBe('1.5 cannot be read as a whole number (INT)');
	});
});

describe('DATETIME from a number', () => {
	const conformer = new Conformer({ fields: [column('at', 'DATETIME')] }, 'fail');

	it('reads epoch milliseconds, and refuses what looks like epoch seconds', () => {
		expect(conformer.conform(0, { at: 1732156566000 }).record).toEqual({ at: '2024-11-21 02:36:06' });
		expect(conformer.conform(0, { at: 1e11 }).record).toEqual({ at: '1973-03-03 09:46:40' });
		for (const at of [1732156566, 0, -1732156566, 99999999999]) {
			const { problems } = conformer.conform(5, { at });
			expect(problems).toEqual([
				{
					itemIndex: 5,
					field: 'at',
					rule: 'type',
					message: `${at} looks like epoch seconds, but a number in a DATETIME column is read as epoch milliseconds (which would put it within 3 years of 1970): multiply it by 1000`,
				},
			]);
		}
	});

	it('reads epoch milliseconds given as digits in text (a CSV file, a sheet), with the same limits', () => {
		expect(conformer.conform(0, { at: '1732156566000' }).record).toEqual({ at: '2024-11-21 02:36:06' });
		expect(conformer.conform(0, { at: ' 1732156566000 ' }).record).toEqual({ at: '2024-11-21 02:36:06' });
		// Other lengths are too likely compact dates (yyyyMMddHHmm[ss]) to be read as times: refused, not misread.
		for (const at of ['20250102123045', '202501021230', '-1732156566000', '99999999999999999999']) {
			expect([at, conformer.conform(0, { at }).problems[0]?.message]).toEqual([at, expect.stringMatching(/cannot be read as a date and time/)]);
		}
		expect(conformer.conform(0, { at: '1732156566' }).problems[0].message).toBe(
			'"1732156566" looks like epoch seconds, but a number in a DATETIME column is read as epoch milliseconds (which would put it within 3 years of 1970): multiply it by 1000',
		);
		// Fewer digits are more likely a date written without dashes than a time in 1970.
		expect(conformer.conform(0, { at: '20250102' }).problems[0].message).toBe(
			'"20250102" cannot be read as a date and time in the years 1000 to 9999: ISO text, YYYY-MM-DD HH:MM:SS or epoch milliseconds (DATETIME)',
		);
		expect(conformer.conform(0, { at: '1732156566000.5' }).problems).toHaveLength(1);
	});
});

describe('DATETIME from text with a zone and a space for the "T"', () => {
	const conformer = new Conformer({ fields: [column('at', 'DATETIME')] }, 'fail');

	it('reads it as the ISO text it stands for, and refuses what that text would not be', () => {
		expect(conformer.conform(0, { at: '2025-01-02 03:04:05Z' }).record).toEqual({ at: '2025-01-02 03:04:05' });
		expect(conformer.conform(0, { at: '2025-01-02 03:04:05.250+01:00' }).record).toEqual({ at: '2025-01-02 02:04:05' });
		expect(conformer.conform(0, { at: '2025-01-02t03:04:05z' }).record).toEqual({ at: '2025-01-02 03:04:05' });
		expect(conformer.conform(0, { at: '2025-01-02t03:04' }).record).toEqual({ at: '2025-01-02 03:04:00' }); // no zone: as written
		// A time range is not a time and a zone; the space form needs its seconds.
		for (const at of ['2025-01-02 25:00:00Z', '2025-02-30 03:04:05Z', '2025-01-02 3:04:05Z', '2025-01-02  03:04:05Z', '2025-01-02t25:00:00Z', '2025-01-02 10:00-11:00', '2025-01-02 09:00-17:00', '2025-01-02 03:04Z']) {
			expect([at, conformer.conform(0, { at }).problems.length]).toEqual([at, 1]);
		}
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

describe('a value that cannot be written, in a field the table ignores', () => {
	const { planImport } = require('../../nodes/AltaTech/core/pipeline');
	const table: TableSchema = { fields: [column('id', 'TEXT')] };
	const plan = (fields: Array<Record<string, unknown>>, unknownFields: 'ignore' | 'fail') =>
		planImport({ itemIndexes: fields.map((_, i) => i), fields, problems: [] }, { schema: table, unknownFields, batchSize: 1000, maxCsvBytes: 10_485_760 });
	const cut = 'Launch 🚀 today'.slice(0, 8);

	it('does not stop the item: the field is left out like any unknown one, and listed as ignored', () => {
		const planned = plan([{ id: 'a', notes: cut, n: Number.NaN }, { notes: cut }], 'ignore');
		expect(planned.batches.flatMap((b: { records: unknown[] }) => b.records)).toEqual([{ id: 'a' }]);
		expect([...planned.ignoredFields]).toEqual([[0, ['notes', 'n']], [1, ['notes']]]);
		expect(planned.problems).toEqual([expect.objectContaining({ itemIndex: 1, rule: 'notEmpty', message: expect.stringMatching(/^none of its fields \(notes\) is a column/) })]);
	});

	it('is still an error where the field is a column, or unknown fields fail the item', () => {
		expect(plan([{ id: cut }], 'ignore').problems).toEqual([expect.objectContaining({ itemIndex: 0, field: 'id', rule: 'wellFormedText' })]);
		expect(plan([{ id: 'a', notes: cut }], 'fail').problems).toEqual([expect.objectContaining({ itemIndex: 0, field: 'notes', rule: 'wellFormedText' })]);
	});
});


describe('the size bound a conformed record carries', () => {
	const table: TableSchema = { fields: [column('sku', 'TEXT'), column('stock', 'INT'), column('at', 'DATETIME'), column('ok', 'BOOLEAN'), column('price', 'FLOAT')] };
	const value = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constantFrom('7', ' 8 ', 'yes', '2025-01-02T03:04:05Z', '2025-01-02', 1735787045000));
	const row = fc.dictionary(fc.constantFrom('sku', 'stock', 'at', 'ok', 'price', 'extra', 'note'), value, { maxKeys: 7 });

	it('is the bound of the record sent, after conversions and ignored fields, across rows of changing shape', () => {
		for (const policy of ['ignore', 'fail'] as const) {
			// One conformer for every row, as in a plan: its memory of the last row's field order must not mislead it.
			const conformer = new Conformer(table, policy);
			fc.assert(
				fc.property(row, (input) => {
					const conformed = conformer.conform(0, input, undefined, recordValueBytesAtMost(input));
					if (conformed.problems.length) return;
					expect(conformed.bytesAtMost).toBe(recordValueBytesAtMost(conformed.record));
					const fresh = new Conformer(table, policy).conform(0, input);
					expect(conformed.record).toEqual(fresh.record);
					expect(conformed.ignoredFields).toEqual(fresh.ignoredFields);
				}),
				{ numRuns: 2000 },
			);
		}
	});
});

import fc from 'fast-check';

import { RowReader } from '../../nodes/AltaTech/core/map';
import { convertValue, typeProblem } from '../../nodes/AltaTech/core/typing';
import type { TableField, TableSchema } from '../../nodes/AltaTech/core/types';
import { readRow } from './steps';

const column = (name: string, type: TableField['type']): TableField => ({ name, type, required: false, unique: false });
const schema: TableSchema = { fields: [column('sku', 'TEXT'), column('stock', 'INT'), column('at', 'DATETIME'), column('ok', 'BOOLEAN')] };

/**
 * Why a value was refused, read from the start of its message (the value as quoted) and the
 * reason it names, so the tests tell apart the reasons without pinning their sentences.
 */
function reason(problem: { message: string } | undefined, value: unknown): string | undefined {
	if (!problem) return undefined;
	if (!problem.message.startsWith(JSON.stringify(value))) return `unquoted: ${problem.message}`;
	if (problem.message.includes(`beyond ±${Number.MAX_SAFE_INTEGER}`)) return 'beyondSafe';
	if (problem.message.includes('looks like epoch seconds')) return 'epochSeconds';
	if (/cannot be read as .*\(INT\)$/.test(problem.message)) return 'notInt';
	if (/cannot be read as .*\(DATETIME\)$/.test(problem.message)) return 'notDateTime';
	return `other: ${problem.message}`;
}

describe('reading an item into a record of the table', () => {
	it('makes a new record even when the values are already in the table types, and leaves the input unchanged', () => {
		const input = { sku: 'A', stock: 3, at: '2025-01-02 03:04:05', ok: true };
		const { record, problems } = readRow(new RowReader(schema, 'fail'), 0, input);
		expect(record).not.toBe(input);
		expect(record).toEqual(input);
		expect(problems).toEqual([]);
	});

	it('converts into a new record, in the input order, and leaves the input unchanged', () => {
		const input = { sku: 'A', stock: '7', at: '2025-01-02T03:04:05.678Z', ok: 'yes' };
		const { record } = readRow(new RowReader(schema, 'fail'), 0, input);
		expect(Object.entries(record)).toEqual([['sku', 'A'], ['stock', 7], ['at', '2025-01-02 03:04:05'], ['ok', true]]);
		expect(input).toEqual({ sku: 'A', stock: '7', at: '2025-01-02T03:04:05.678Z', ok: 'yes' });
	});

	it('leaves out unknown fields with "ignore", wherever they are against the conversions', () => {
		const reader = new RowReader(schema, 'ignore');
		const cases: Array<{ input: Record<string, unknown>; record: Array<[string, unknown]>; ignored: string[] }> = [
			{ input: { extra: 1, sku: 'A', stock: '7' }, record: [['sku', 'A'], ['stock', 7]], ignored: ['extra'] },
			{ input: { sku: 'A', stock: '7', extra: 1, ok: 'no' }, record: [['sku', 'A'], ['stock', 7], ['ok', false]], ignored: ['extra'] },
			{ input: { stock: '7', x: 1, sku: 'A', y: 2, at: Date.UTC(2024, 0, 1) }, record: [['stock', 7], ['sku', 'A'], ['at', '2024-01-01 00:00:00']], ignored: ['x', 'y'] },
			{ input: { sku: 'A', x: 1 }, record: [['sku', 'A']], ignored: ['x'] },
		];
		for (const { input, record, ignored } of cases) {
			const read = readRow(reader, 0, input);
			expect(Object.entries(read.record)).toEqual(record);
			expect(read.ignoredFields).toEqual(ignored);
			expect(read.problems).toHaveLength(0);
		}
		expect(readRow(reader, 0, { sku: 'A' }).ignoredFields).toBeUndefined();
	});

	it('names every field that fails, and unknown fields with "fail"', () => {
		const { problems, record } = readRow(new RowReader(schema, 'fail'), 4, { stock: '7.5', extra: 1, at: 'soon', sku: 'kept' });
		expect(problems.map((p) => [p.itemIndex, p.field, p.rule])).toEqual([[4, 'stock', 'type'], [4, 'extra', 'unknownField'], [4, 'at', 'type']]);
		expect(record).toEqual({ sku: 'kept' });
	});

	it('reads each row on its own: one reader over rows of changing shape gives what a fresh reader gives', () => {
		const table: TableSchema = { fields: [...schema.fields, column('price', 'FLOAT')] };
		const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('7', ' 8 ', 'yes', '2025-01-02T03:04:05Z', '2025-01-02', 1735787045000));
		const row = fc.dictionary(fc.constantFrom('sku', 'stock', 'at', 'ok', 'price', 'extra', 'note'), value, { maxKeys: 7 });
		for (const policy of ['ignore', 'fail'] as const) {
			const reader = new RowReader(table, policy);
			fc.assert(
				fc.property(fc.nat(1000), row, (itemIndex, input) => {
					expect(readRow(reader, itemIndex, input)).toEqual(readRow(new RowReader(table, policy), itemIndex, input));
				}),
				{ numRuns: 1000 },
			);
		}
	});
});

describe('a record none of whose fields is a column', () => {
	it('is refused for that reason when its fields are ignored, not as a record without values', () => {
		const reader = new RowReader({ fields: [column('sku', 'TEXT'), column('stock', 'INT')] }, 'ignore');
		const { problems, ignoredFields, record } = readRow(reader, 4, { Sku: 'A', qty: 3 });
		expect(ignoredFields).toEqual(['Sku', 'qty']);
		expect(record).toEqual({});
		expect(problems).toEqual([{ itemIndex: 4, rule: 'notEmpty', message: expect.stringContaining('(Sku, qty)') }]);
		expect(problems[0].message).toContain('sku, stock');
		expect(readRow(reader, 5, { Sku: 'A', stock: 3 }).problems).toEqual([]);
	});
});

describe('empty text and the column types', () => {
	const typed: TableSchema = { fields: [column('qty', 'INT'), column('price', 'FLOAT'), column('active', 'BOOLEAN'), column('seen', 'DATETIME'), column('sku', 'TEXT')] };

	it('keeps an empty text as an empty field in any column', () => {
		const input = { qty: '', price: '', active: '', seen: '', sku: '' };
		const { problems, record } = readRow(new RowReader(typed, 'fail'), 0, input);
		expect(problems).toEqual([]);
		expect(record).toEqual(input);
	});

	it('still refuses text of blanks in a typed column, naming the field', () => {
		const { problems } = readRow(new RowReader(typed, 'fail'), 3, { qty: ' ', price: '  ', active: ' ', seen: '\t' });
		expect(problems.map((p) => [p.itemIndex, p.field, p.rule])).toEqual([
			[3, 'qty', 'type'],
			[3, 'price', 'type'],
			[3, 'active', 'type'],
			[3, 'seen', 'type'],
		]);
		expect(reason(problems[0], ' ')).toBe('notInt');
	});
});

describe('INT from text, read exactly', () => {
	const reader = new RowReader({ fields: [column('n', 'INT')] }, 'fail');
	const read = (n: unknown) => readRow(reader, 0, { n });

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
			const { problems, record } = read(text);
			expect([text, problems.map((p) => [p.field, p.rule, reason(p, text)]), record]).toEqual([text, [['n', 'type', 'notInt']], {}]);
		}
	});

	it('refuses whole numbers beyond ±9007199254740991, saying so', () => {
		for (const value of ['9007199254740992', '9007199254740993', '-9007199254740993', '12345678901234567', '1e16', '1e400', '0.9007199254740993e16', 2 ** 53, -(2 ** 53), 1e20]) {
			const { problems } = read(value);
			expect([value, problems.map((p) => [p.rule, reason(p, value)])]).toEqual([value, [['type', 'beyondSafe']]]);
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
				if (want === 'notWhole') expect([text, reason(problems[0], text)]).toEqual([text, 'notInt']);
				else if (want > BigInt(Number.MAX_SAFE_INTEGER) || want < -BigInt(Number.MAX_SAFE_INTEGER)) expect([text, reason(problems[0], text)]).toEqual([text, 'beyondSafe']);
				else expect([text, problems, Number(record.n) + 0]).toEqual([text, [], Number(want)]); // + 0: "-0" may give -0, sent as 0
			}),
			{ numRuns: 20000 },
		);
	});

	it('keeps numbers as whole numbers only when they are safe integers', () => {
		expect(read(Number.MAX_SAFE_INTEGER).problems).toEqual([]);
		expect(reason(read(1.5).problems[0], 1.5)).toBe('notInt');
	});
});

describe('DATETIME from a number', () => {
	const reader = new RowReader({ fields: [column('at', 'DATETIME')] }, 'fail');

	it('reads epoch milliseconds, and refuses what looks like epoch seconds', () => {
		expect(readRow(reader, 0, { at: 1732156566000 }).record).toEqual({ at: '2024-11-21 02:36:06' });
		expect(readRow(reader, 0, { at: 1e11 }).record).toEqual({ at: '1973-03-03 09:46:40' });
		for (const at of [1732156566, 0, -1732156566, 99999999999]) {
			const { problems } = readRow(reader, 5, { at });
			expect(problems.map((p) => [p.itemIndex, p.field, p.rule, reason(p, at)])).toEqual([[5, 'at', 'type', 'epochSeconds']]);
		}
	});

	it('reads epoch milliseconds given as digits in text (a CSV file, a sheet), with the same limits', () => {
		expect(readRow(reader, 0, { at: '1732156566000' }).record).toEqual({ at: '2024-11-21 02:36:06' });
		expect(readRow(reader, 0, { at: ' 1732156566000 ' }).record).toEqual({ at: '2024-11-21 02:36:06' });
		// Other lengths are too likely compact dates (yyyyMMddHHmm[ss]) to be read as times: refused, not misread.
		for (const at of ['20250102123045', '202501021230', '-1732156566000', '99999999999999999999']) {
			expect([at, reason(readRow(reader, 0, { at }).problems[0], at)]).toEqual([at, 'notDateTime']);
		}
		expect(reason(readRow(reader, 0, { at: '1732156566' }).problems[0], '1732156566')).toBe('epochSeconds');
		// Fewer digits are more likely a date written without dashes than a time in 1970.
		expect(reason(readRow(reader, 0, { at: '20250102' }).problems[0], '20250102')).toBe('notDateTime');
		expect(readRow(reader, 0, { at: '1732156566000.5' }).problems).toHaveLength(1);
	});
});

describe('DATETIME from text with a zone and a space for the "T"', () => {
	const reader = new RowReader({ fields: [column('at', 'DATETIME')] }, 'fail');

	it('reads it as the ISO text it stands for, and refuses what that text would not be', () => {
		expect(readRow(reader, 0, { at: '2025-01-02 03:04:05Z' }).record).toEqual({ at: '2025-01-02 03:04:05' });
		expect(readRow(reader, 0, { at: '2025-01-02 03:04:05.250+01:00' }).record).toEqual({ at: '2025-01-02 02:04:05' });
		expect(readRow(reader, 0, { at: '2025-01-02t03:04:05z' }).record).toEqual({ at: '2025-01-02 03:04:05' });
		expect(readRow(reader, 0, { at: '2025-01-02t03:04' }).record).toEqual({ at: '2025-01-02 03:04:00' }); // no zone: as written
		// Only a fraction of a second is dropped: half a minute would be lost without a word.
		expect(readRow(reader, 0, { at: '2025-01-02 10:30:15.5' }).record).toEqual({ at: '2025-01-02 10:30:15' });
		for (const at of ['2025-01-02 10:30.5', '2025-01-02T10:30.999']) expect([at, readRow(reader, 0, { at }).problems.map((p) => p.rule)]).toEqual([at, ['type']]);
		// A time range is not a time and a zone; the space form needs its seconds.
		for (const at of ['2025-01-02 25:00:00Z', '2025-02-30 03:04:05Z', '2025-01-02 3:04:05Z', '2025-01-02  03:04:05Z', '2025-01-02t25:00:00Z', '2025-01-02 10:00-11:00', '2025-01-02 09:00-17:00', '2025-01-02 03:04Z']) {
			expect([at, readRow(reader, 0, { at }).problems.map((p) => p.rule)]).toEqual([at, ['type']]);
		}
	});
});

/**
 * DATETIME from ISO text with a zone, as it must be: a day the calendar lacks is refused, and so
 * is 24:00 (a Date would roll both over), else the instant through a Date, in the years 1000-9999.
 */
function expectedDateTime(text: string): string | undefined {
	const [year, month, day] = text.slice(0, 10).split('-').map(Number);
	const calendar = new Date(Date.UTC(year, month - 1, day));
	if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
	if (Number(text.slice(11, 13)) > 23) return undefined;
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
		const reader = new RowReader({ fields: [column('at', 'DATETIME')] }, 'fail');
		let accepted = 0;
		for (const text of texts) {
			const value = convertValue(text, 'DATETIME');
			if (value !== undefined) accepted++;
			expect([text, value]).toEqual([text, expectedDateTime(text)]);
			// The reader gives the same, through its own path.
			expect([text, readRow(reader, 0, { at: text }).record.at]).toEqual([text, value]);
		}
		expect(accepted).toBeGreaterThan(500); // the walk is not all impossible dates
		expect(convertValue('2023-02-29T12:00:00Z', 'DATETIME')).toBeUndefined();
		// Not the next year's first midnight.
		expect(convertValue('2025-12-31T24:00:00Z', 'DATETIME')).toBeUndefined();
		expect(convertValue('2025-12-31T24:00:00+02:00', 'DATETIME')).toBeUndefined();
		expect(typeProblem('2023-02-29T12:00:00Z', 'DATETIME')).toContain('DATETIME');
	});
});

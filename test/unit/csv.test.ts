import fc from 'fast-check';

import { CsvSizeMeter } from '../../nodes/AltaTech/core/csv';
import type { TableRecord } from '../../nodes/AltaTech/core/types';
import { csvBytesOf } from './steps';

const { csvByteLength: emulatorCsvBytes } = require('../emulator/csv');

/** A plain RFC 4180 writer: builds the whole file, so the meter can be checked against it. */
function writeCsv(records: TableRecord[]): string {
	const columns: string[] = [];
	for (const record of records) for (const key of Object.keys(record)) if (!columns.includes(key)) columns.push(key);
	const field = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
	const lines = [columns.map(field).join(',')];
	for (const record of records) {
		lines.push(columns.map((c) => (record[c] === undefined ? '' : field(String(record[c])))).join(','));
	}
	return lines.map((line) => `${line}\r\n`).join('');
}

/** One field's bytes: a one-column file holding it, less its header and line ends. */
const csvFieldBytes = (text: string) => csvBytesOf([{ a: text }]) - Buffer.byteLength('a\r\n\r\n');

describe('CSV size', () => {
	it('quotes fields with commas, quotes and line breaks, doubling quotes', () => {
		expect(csvFieldBytes('plain')).toBe(5);
		expect(csvFieldBytes('a,b')).toBe(5);
		expect(csvFieldBytes('say "hi"')).toBe(8 + 2 + 2);
		expect(csvFieldBytes('line\nbreak')).toBe(10 + 2);
		expect(csvFieldBytes('carriage\rreturn')).toBe(15 + 2);
		expect(csvFieldBytes('€')).toBe(3);
	});

	it('measures a number as String() writes it', () => {
		const numbers = [0, -0, 7, -7, 9, 10, 99, 100, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 53, 1e21, -1e21, 0.1, -2.5e-7, true, false];
		for (const value of numbers) expect([value, csvBytesOf([{ n: value }])]).toEqual([value, Buffer.byteLength(`n\r\n${String(value)}\r\n`)]);
	});

	it('counts the header, separators and CRLF of every line', () => {
		const records: TableRecord[] = [{ a: '1', b: 'x' }, { a: '2', c: 'é' }];
		expect(writeCsv(records)).toBe('a,b,c\r\n1,x,\r\n2,,é\r\n');
		expect(csvBytesOf(records)).toBe(Buffer.byteLength('a,b,c\r\n1,x,\r\n2,,é\r\n'));
	});

	const cell = fc.oneof(
		fc.string({ unit: 'grapheme' }),
		fc.constantFrom('', ',', '"', '\r\n', '\n', 'a"b,c', '😀', '日本'),
		fc.integer(),
		// Integers are measured without writing them out: every length, both signs, the edges.
		fc.integer({ min: 0, max: 15 }).chain((power) => fc.constantFrom(10 ** power, 10 ** power - 1, -(10 ** power), 1 - 10 ** power)),
		fc.constantFrom(0, -0, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 53, -(2 ** 53), 1e21, 123.5),
		fc.double({ noNaN: true, noDefaultInfinity: true }),
		fc.boolean(),
	);
	const records = fc.array(fc.dictionary(fc.constantFrom('id', 'name', 'a,b', 'q"uote', 'é', 'x'), cell), {
		minLength: 1,
		maxLength: 20,
	});

	it('matches the bytes of the CSV actually written, for any records', () => {
		fc.assert(
			fc.property(records, (recs) => {
				const nonEmpty = recs.filter((r) => Object.keys(r).length > 0);
				expect(csvBytesOf(nonEmpty)).toBe(nonEmpty.length ? Buffer.byteLength(writeCsv(nonEmpty)) : 0);
			}),
			{ numRuns: 300 },
		);
	});

	it("agrees with the emulator's own CSV measurement", () => {
		fc.assert(
			fc.property(records, (recs) => {
				const nonEmpty = recs.filter((r) => Object.keys(r).length > 0);
				if (nonEmpty.length) expect(csvBytesOf(nonEmpty)).toBe(emulatorCsvBytes(nonEmpty));
			}),
			{ numRuns: 300 },
		);
	});

	it('a meter that refuses records counts exactly the records it took, whatever their fields', () => {
		// Rows mostly repeat the last row's fields; refused rows must leave no column behind.
		// Measured against the CSV actually written, not against the meter itself. Integer-like
		// names come first in a record's own field order, whatever order they were added in.
		const steps = fc.array(fc.dictionary(fc.constantFrom('id', 'name', 'x', 'é', '7', '10'), cell), { maxLength: 30 });
		const written = (recs: TableRecord[]) => (recs.some((r) => Object.keys(r).length > 0) ? Buffer.byteLength(writeCsv(recs)) : 0);
		fc.assert(
			fc.property(steps, fc.integer({ min: 0, max: 400 }), (recs, maxBytes) => {
				const meter = new CsvSizeMeter(maxBytes);
				const taken: TableRecord[] = [];
				for (const record of recs) {
					const fits = written([...taken, record]) <= maxBytes;
					expect(meter.tryAdd(record)).toBe(fits);
					if (fits) taken.push(record);
					expect(meter.bytes).toBe(written(taken));
				}
			}),
			{ numRuns: 500 },
		);
	});

	it('without a limit takes every record', () => {
		const meter = new CsvSizeMeter();
		expect(meter.bytes).toBe(0);
		expect(meter.tryAdd({ big: 'x'.repeat(20 * 1024 * 1024) })).toBe(true);
		expect(meter.bytes).toBe(3 + 2 + 20 * 1024 * 1024 + 2);
	});
});

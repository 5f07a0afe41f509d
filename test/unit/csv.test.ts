import fc from 'fast-check';

import { csvBytesOf, csvFieldBytes } from '../../nodes/AltaTech/core/csv';
import type { TableRecord } from '../../nodes/AltaTech/core/types';

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

describe('CSV size', () => {
	it('quotes fields with commas, quotes and line breaks, doubling quotes', () => {
		expect(csvFieldBytes('plain')).toBe(5);
		expect(csvFieldBytes('a,b')).toBe(5);
		expect(csvFieldBytes('say "hi"')).toBe(8 + 2 + 2);
		expect(csvFieldBytes('line\nbreak')).toBe(10 + 2);
		expect(csvFieldBytes('€')).toBe(3);
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
});

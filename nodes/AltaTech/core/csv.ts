import { keepHiddenClassOf } from './hiddenClasses';
import type { CellValue, TableRecord } from './types';

/**
 * The server turns each request into a CSV file and refuses files over 10 MB.
 * We measure that file exactly as RFC 4180 writes it, without building it:
 * a header line of the columns (the union of the records' fields, in order of first
 * appearance), one line per record, a field quoted when it holds a comma, a quote, CR or LF
 * (quotes doubled), every line ended by CRLF, counted in UTF-8 bytes.
 */

const NEEDS_QUOTING = /[",\r\n]/;

export function cellText(value: CellValue): string {
	return typeof value === 'string' ? value : String(value);
}

/** Printable ASCII but the quote and the comma: one byte per character, never quoted. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x2b\x2d-\x7e]*$/;

export function csvFieldBytes(text: string): number {
	// Most values are plain: one native scan instead of a byte count and a quoting check.
	if (PLAIN_ASCII.test(text)) return text.length;
	const bytes = Buffer.byteLength(text, 'utf8');
	if (!NEEDS_QUOTING.test(text)) return bytes;
	let quotes = 0;
	for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) quotes++;
	return bytes + 2 + quotes;
}

/** Bytes of a record's own values, not counting separators. */
export function recordValueBytes(record: TableRecord): number {
	let bytes = 0;
	for (const field in record) {
		const value = record[field];
		// A number's or boolean's text is ASCII and never needs quotes: no need to look at it.
		if (typeof value === 'string') bytes += csvFieldBytes(value);
		else if (typeof value === 'number') bytes += numberTextLength(value);
		else bytes += value ? 4 : 5;
	}
	return bytes;
}

const POWERS_OF_TEN = Array.from({ length: 15 }, (_, power) => 10 ** (power + 1));

/** The length of String(value), without making the text for an integer (most numbers are). */
export function numberTextLength(value: number): number {
	if (!Number.isSafeInteger(value)) return String(value).length;
	const magnitude = Math.abs(value);
	let length = value < 0 ? 2 : 1;
	for (let power = 0; power < POWERS_OF_TEN.length && magnitude >= POWERS_OF_TEN[power]; power++) length++;
	return length;
}

/**
 * A bound on a record's value bytes, in one cheap pass: a UTF-16 unit takes at most 3 bytes in
 * UTF-8 (a quote doubled: 2), plus 2 for the quotes around a field; a number's text is at most
 * 25 characters ("-0.0000012345678901234567"), a boolean's 5. Batches of ordinary rows stay far below the limit by this bound,
 * so they need no exact measure while they are planned.
 */
export function recordValueBytesAtMost(record: TableRecord): number {
	let bytes = 0;
	for (const field in record) bytes += valueBytesAtMost(record[field]);
	return bytes;
}

/** One value's share of recordValueBytesAtMost. */
export function valueBytesAtMost(value: CellValue): number {
	return typeof value === 'string' ? 3 * value.length + 2 : 25;
}

/**
 * Running size of one batch's CSV. With C columns and R rows:
 * header = names + (C - 1) commas + CRLF; each row = its values + (C - 1) commas + CRLF.
 * A new column adds a comma to every row already counted, so we keep the parts apart.
 */
export class CsvSizeMeter {
	private readonly columns = new Set<string>();
	/** The fields of the last record counted, in order (see newColumnsOf). */
	private lastFields: readonly string[] = [];
	private headerNameBytes = 0;
	private valueBytes = 0;
	private rows = 0;

	get bytes(): number {
		return CsvSizeMeter.total(this.headerNameBytes, this.columns.size, this.valueBytes, this.rows);
	}

	add(record: TableRecord, ownValueBytes = recordValueBytes(record)): void {
		this.addIfWithin(record, ownValueBytes, Infinity);
	}

	/**
	 * Adds `record` unless the CSV would then pass `maxBytes`; returns the CSV size with the
	 * record either way.
	 */
	addIfWithin(record: TableRecord, ownValueBytes: number, maxBytes: number): number {
		const newColumns = this.newColumnsOf(record);
		let nameBytes = this.headerNameBytes;
		if (newColumns) for (const field of newColumns) nameBytes += csvFieldBytes(field);
		const columns = this.columns.size + (newColumns?.length ?? 0);
		const bytes = CsvSizeMeter.total(nameBytes, columns, this.valueBytes + ownValueBytes, this.rows + 1);
		if (bytes > maxBytes) return bytes;
		if (newColumns) {
			for (const field of newColumns) this.columns.add(field);
			this.lastFields = Object.keys(record);
		}
		this.headerNameBytes = nameBytes;
		this.valueBytes += ownValueBytes;
		this.rows++;
		return bytes;
	}

	/**
	 * The record's fields that are not columns yet, or undefined if none. Rows of one source
	 * mostly have the fields of the row before, in the same order: those are recognised by
	 * comparing names in place, without a set lookup per field.
	 */
	private newColumnsOf(record: TableRecord): string[] | undefined {
		const last = this.lastFields;
		let position = 0;
		let sameAsLast = true;
		let newColumns: string[] | undefined;
		for (const field in record) {
			if (sameAsLast && last[position] === field) {
				position++;
				continue;
			}
			sameAsLast = false;
			if (!this.columns.has(field)) (newColumns ??= []).push(field);
		}
		// A record with other fields than the last (even if none is new) is the one compared next.
		if (!sameAsLast && !newColumns) this.lastFields = Object.keys(record);
		return newColumns;
	}

	private static total(names: number, columns: number, values: number, rows: number): number {
		if (columns === 0) return 0;
		const perLineOverhead = columns - 1 + 2;
		return names + values + perLineOverhead * (rows + 1);
	}
}

keepHiddenClassOf(new CsvSizeMeter());

/** Exact CSV size of a list of records (used for a single record and by tests). */
export function csvBytesOf(records: TableRecord[]): number {
	const meter = new CsvSizeMeter();
	for (const record of records) meter.add(record);
	return meter.bytes;
}

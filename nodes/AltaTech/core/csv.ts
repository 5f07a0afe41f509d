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

export function csvFieldBytes(text: string): number {
	const bytes = Buffer.byteLength(text, 'utf8');
	if (!NEEDS_QUOTING.test(text)) return bytes;
	let quotes = 0;
	for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) quotes++;
	return bytes + 2 + quotes;
}

/** Bytes of a record's own values, not counting separators. */
export function recordValueBytes(record: TableRecord): number {
	let bytes = 0;
	for (const field in record) bytes += csvFieldBytes(cellText(record[field]));
	return bytes;
}

/**
 * Running size of one batch's CSV. With C columns and R rows:
 * header = names + (C - 1) commas + CRLF; each row = its values + (C - 1) commas + CRLF.
 * A new column adds a comma to every row already counted, so we keep the parts apart.
 */
export class CsvSizeMeter {
	private readonly columns = new Set<string>();
	private headerNameBytes = 0;
	private valueBytes = 0;
	private rows = 0;

	get bytes(): number {
		return CsvSizeMeter.total(this.headerNameBytes, this.columns.size, this.valueBytes, this.rows);
	}

	/** The CSV size if `record` were added, without adding it. */
	bytesWith(record: TableRecord, ownValueBytes = recordValueBytes(record)): number {
		let names = this.headerNameBytes;
		let columns = this.columns.size;
		for (const field in record) {
			if (!this.columns.has(field)) {
				names += csvFieldBytes(field);
				columns++;
			}
		}
		return CsvSizeMeter.total(names, columns, this.valueBytes + ownValueBytes, this.rows + 1);
	}

	add(record: TableRecord, ownValueBytes = recordValueBytes(record)): void {
		for (const field in record) {
			if (!this.columns.has(field)) {
				this.columns.add(field);
				this.headerNameBytes += csvFieldBytes(field);
			}
		}
		this.valueBytes += ownValueBytes;
		this.rows++;
	}

	private static total(names: number, columns: number, values: number, rows: number): number {
		if (columns === 0) return 0;
		const perLineOverhead = columns - 1 + 2;
		return names + values + perLineOverhead * (rows + 1);
	}
}

/** Exact CSV size of a list of records (used for a single record and by tests). */
export function csvBytesOf(records: TableRecord[]): number {
	const meter = new CsvSizeMeter();
	for (const record of records) meter.add(record);
	return meter.bytes;
}

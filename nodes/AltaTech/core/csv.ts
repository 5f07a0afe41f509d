import type { SizeMeter } from './bulk/plan';
import type { CellValue, TableRecord } from './types';

/**
 * The server turns each import request into a CSV file and refuses files over 10 MB. We
 * measure that file exactly as RFC 4180 writes it, without building it: a header line of the
 * columns (the union of the records' fields, in order of first appearance), one line per
 * record, a field quoted when it holds a comma, a quote, CR or LF (quotes doubled), every
 * line ended by CRLF, counted in UTF-8 bytes.
 */

const NEEDS_QUOTING = /[",\r\n]/;

export function cellText(value: CellValue): string {
	return typeof value === 'string' ? value : String(value);
}

/** A value's bytes in the CSV: numbers and booleans are ASCII and never quoted. */
function cellBytes(value: CellValue): number {
	if (typeof value === 'string') return csvFieldBytes(value);
	return typeof value === 'number' ? String(value).length : value ? 4 : 5;
}

function csvFieldBytes(text: string): number {
	const bytes = Buffer.byteLength(text, 'utf8');
	if (!NEEDS_QUOTING.test(text)) return bytes;
	let quotes = 0;
	for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) quotes++;
	return bytes + 2 + quotes;
}

/**
 * Running size of one request's CSV. With C columns and R rows: header = names + (C - 1)
 * commas + CRLF; each row = its values + (C - 1) commas + CRLF. A new column adds a comma to
 * every row already counted, so the parts are kept apart.
 */
export class CsvSizeMeter implements SizeMeter<TableRecord> {
	private readonly columns = new Set<string>();
	private nameBytes = 0;
	private valueBytes = 0;
	private rows = 0;

	constructor(private readonly maxBytes = Infinity) {}

	get bytes(): number {
		return csvTotal(this.nameBytes, this.columns.size, this.valueBytes, this.rows);
	}

	tryAdd(record: TableRecord): boolean {
		let nameBytes = this.nameBytes;
		let newColumns: string[] | undefined;
		let valueBytes = 0;
		for (const field in record) {
			if (!this.columns.has(field)) {
				(newColumns ??= []).push(field);
				nameBytes += csvFieldBytes(field);
			}
			valueBytes += cellBytes(record[field]);
		}
		const columns = this.columns.size + (newColumns?.length ?? 0);
		if (csvTotal(nameBytes, columns, this.valueBytes + valueBytes, this.rows + 1) > this.maxBytes) return false;
		for (const field of newColumns ?? []) this.columns.add(field);
		this.nameBytes = nameBytes;
		this.valueBytes += valueBytes;
		this.rows++;
		return true;
	}
}

function csvTotal(names: number, columns: number, values: number, rows: number): number {
	if (columns === 0) return 0;
	return names + values + (columns - 1 + 2) * (rows + 1);
}

import { valueBytesAtMost } from './csv';
import { NO_PROBLEMS, type CellValue, type ItemProblem, type SourceRow, type TableRecord } from './types';

/**
 * Step 1: turn an item's fields into a table record.
 * Strings, numbers and booleans go as they are; null/undefined are left out;
 * dates become ISO text; other objects and arrays become JSON text.
 */

type Converted = { value?: CellValue; problem?: { rule: string; message: string } };

function isLuxonDateTime(value: object): value is { toISO(): string | null } {
	return (value as { isLuxonDateTime?: boolean }).isLuxonDateTime === true;
}

/** Node 20+ has String#isWellFormed; the es2021 typings we build with do not declare it. */
type MaybeBrokenText = string & { isWellFormed(): boolean };

/**
 * Text holding half of a surrogate pair (what cutting text between the two halves of an emoji
 * leaves) cannot be written as UTF-8: the server's CSV would store "\uFFFD" in its place.
 */
function isWellFormedText(text: string): boolean {
	return (text as MaybeBrokenText).isWellFormed();
}

function brokenCharacterProblem(text: string): Converted['problem'] {
	// Counted in characters as the user sees them (an emoji is one), as the 256-character limit is.
	let character = 1;
	for (let unit = 0; unit < text.length; unit++, character++) {
		const code = text.charCodeAt(unit);
		if (code < 0xd800 || code > 0xdfff) continue;
		const next = text.charCodeAt(unit + 1);
		if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) break;
		unit++; // a whole pair
	}
	return {
		rule: 'wellFormedText',
		message: `the text has a broken character at position ${character} (half of an emoji or other character, as left when text is cut in the middle of one); AltaTech would store "\uFFFD" in its place`,
	};
}

export function toCellValue(value: unknown): Converted {
	switch (typeof value) {
		case 'string':
			return isWellFormedText(value) ? { value } : { problem: brokenCharacterProblem(value) };
		case 'boolean':
			return { value };
		case 'number':
			return Number.isFinite(value)
				? { value }
				: { problem: { rule: 'finiteNumber', message: `${String(value)} is not a number the table can store` } };
		case 'bigint':
			return { value: value.toString() };
		case 'undefined':
			return {};
		case 'object':
			return objectToCell(value);
		default:
			return { problem: { rule: 'convertible', message: `a ${typeof value} cannot be stored in a table` } };
	}
}

function objectToCell(value: object | null): Converted {
	if (value === null) return {};
	if (value instanceof Date) {
		return Number.isNaN(value.getTime())
			? { problem: { rule: 'validDate', message: 'the date is invalid' } }
			: { value: value.toISOString() };
	}
	if (isLuxonDateTime(value)) {
		const iso = value.toISO();
		return iso ? { value: iso } : { problem: { rule: 'validDate', message: 'the date is invalid' } };
	}
	try {
		return { value: JSON.stringify(value) };
	} catch (error) {
		return { problem: { rule: 'convertible', message: `the value cannot be written as JSON text (${(error as Error).message})` } };
	}
}

export const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/**
 * Whether every field already goes as it is (well-formed text, a finite number, true/false): then the
 * item's own object is the record, and a million-row import does not copy a million objects.
 * Inherited fields and an own "__proto__" count as changes: the copy leaves out inherited ones
 * and reports "__proto__" (see convertRow).
 * Returns -1 if not, else the record's size bound (recordValueBytesAtMost), taken on the way:
 * one pass over the fields instead of two.
 */
export function sendableAsIsBytesAtMost(fields: Record<string, unknown>): number {
	let bytes = 0;
	for (const field in fields) {
		const value = fields[field];
		const plain = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
		if (!plain || field === '__proto__' || !hasOwn(fields, field)) return -1;
		// A check of its own, after the type test: folded into it, it made planning twice as slow.
		if (typeof value === 'string' && !isWellFormedText(value)) return -1;
		bytes += valueBytesAtMost(value);
	}
	return bytes;
}

/**
 * Maps one row; problems name the item and the field. The record may be the row's own object
 * (see sendableAsIsBytesAtMost), so nothing downstream may change a record.
 */
export function mapRow(row: SourceRow): MappedRow {
	if (sendableAsIsBytesAtMost(row.fields) >= 0) return { record: row.fields as TableRecord, problems: NO_PROBLEMS };
	return convertRow(row);
}

type MappedRow = { record: TableRecord; problems: readonly ItemProblem[] };

/** mapRow for a row known not to go as it is: every field converted into a new record. */
export function convertRow(row: SourceRow): MappedRow {
	const record: TableRecord = {};
	const problems: ItemProblem[] = [];
	for (const [field, raw] of Object.entries(row.fields)) {
		if (field === '__proto__') {
			// A JavaScript object cannot hold it as a plain field: it would be lost without a word.
			problems.push({ itemIndex: row.itemIndex, field, rule: 'columnName', message: 'a field named "__proto__" cannot be imported: rename it (for example with an Edit Fields node)' });
			continue;
		}
		const { value, problem } = toCellValue(raw);
		if (problem) {
			problems.push({ itemIndex: row.itemIndex, field, ...problem });
		} else if (value !== undefined) {
			record[field] = value;
		}
	}
	return { record, problems };
}

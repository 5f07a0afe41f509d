import { problemMessages } from './messages';
import type { Findings, ItemProblem } from './rules';
import { convertValue, typeProblem } from './typing';
import type { CellValue, TableField, TableRecord, TableSchema, UnknownFieldPolicy } from './types';

/**
 * Step 1: an item's fields into a table record, each field read once (items from n8n's Code
 * node can be sandbox proxies, where every read is costly) into a new object, so nothing
 * downstream shares or changes the input. Strings, numbers and booleans go as they are;
 * null/undefined are left out; dates become ISO text; other objects and arrays JSON text. In a
 * table that declares columns, each value is then converted to its column's type.
 */

export type ConversionProblem = { rule: ItemProblem['rule']; message: string };
/** A value as the API takes it, nothing (null, undefined), or why it cannot go. */
export type Cell = CellValue | undefined | ConversionProblem;

export const isProblem = (cell: Cell): cell is ConversionProblem => typeof cell === 'object';

const invalidDate = (): ConversionProblem => ({ rule: 'validDate', message: problemMessages.invalidDate() });

function isLuxonDateTime(value: object): value is { toISO(): string | null } {
	return (value as { isLuxonDateTime?: boolean }).isLuxonDateTime === true;
}

/**
 * Text holding half of a surrogate pair (what cutting text between the two halves of an emoji
 * leaves) cannot be written as UTF-8: the server would store "\uFFFD" in its place.
 */
function brokenCharacterProblem(text: string): ConversionProblem {
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
		message: problemMessages.brokenCharacter(character),
	};
}

/** Node 20+ has String#isWellFormed; the es2021 typings we build with do not declare it. */
const isWellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();

/** The value as the API takes it, or why it cannot go: no wrapper object per field read. */
export function cellOf(value: unknown): Cell {
	switch (typeof value) {
		case 'string':
			return isWellFormed(value) ? value : brokenCharacterProblem(value);
		case 'boolean':
			return value;
		case 'number':
			return Number.isFinite(value) ? value : { rule: 'finiteNumber', message: problemMessages.notFinite(value) };
		case 'bigint':
			return value.toString();
		case 'undefined':
			return undefined;
		case 'object':
			return objectToCell(value);
		default:
			return { rule: 'convertible', message: problemMessages.notStorable(typeof value) };
	}
}

function objectToCell(value: object | null): Cell {
	if (value === null) return undefined;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? invalidDate() : value.toISOString();
	if (isLuxonDateTime(value)) return value.toISO() || invalidDate();
	let problem: ConversionProblem | undefined;
	let text: string | undefined;
	try {
		text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, inner: unknown) {
			if (problem) return undefined;
			if (typeof inner === 'bigint') return inner.toString();
			const found = jsonLoss(this[key], inner);
			if (found) problem = key === '' ? found : { ...found, message: problemMessages.insideValue(key, found.message) };
			return inner;
		});
	} catch (error) {
		return { rule: 'convertible', message: problemMessages.notJson((error as Error).message) };
	}
	return problem ?? text ?? { rule: 'convertible', message: problemMessages.notJson('it gave nothing to write') };
}

/**
 * Where JSON.stringify would silently write null or leave a value out: what stands at the top
 * level is an error for the item, so it is inside an object or array too. (`original` is the
 * value before its toJSON, `inner` after.)
 */
function jsonLoss(original: unknown, inner: unknown): ConversionProblem | undefined {
	if (typeof inner === 'number') return Number.isFinite(inner) ? undefined : { rule: 'finiteNumber', message: problemMessages.notFinite(inner) };
	if (typeof inner === 'function' || typeof inner === 'symbol') return { rule: 'convertible', message: problemMessages.notStorable(typeof inner) };
	if (typeof original !== 'object' || original === null) return undefined;
	if (original instanceof Date || isLuxonDateTime(original)) return inner === null ? invalidDate() : undefined;
	if (original instanceof Map || original instanceof Set) return { rule: 'convertible', message: problemMessages.notStorable(original.constructor.name) };
	return inner === undefined ? { rule: 'convertible', message: problemMessages.notJson('its toJSON() gave nothing to write') } : undefined;
}

/** Reads items into records for one table: its columns (if it declares any) and what to do with other fields. */
export class RowReader {
	private readonly columns: Map<string, TableField>;
	private readonly known: string;

	constructor(schema: TableSchema, private readonly unknownFields: UnknownFieldPolicy) {
		this.columns = new Map(schema.fields.map((field) => [field.name, field]));
		this.known = [...this.columns.keys()].join(', ');
	}

	/**
	 * The item's record, with every value that could be read; the item's problems go to
	 * `findings` (no allocation per row for them: most rows have none).
	 */
	read(itemIndex: number, fields: Record<string, unknown>, findings: Findings): TableRecord {
		const { columns } = this;
		const { problems } = findings;
		const problemsBefore = problems.length;
		const record: TableRecord = {};
		let ignoredFields: string[] | undefined;
		let anyColumn = false;
		for (const field of Object.keys(fields)) {
			const column = columns.get(field);
			if (columns.size && !column) {
				if (this.unknownFields === 'ignore') (ignoredFields ??= []).push(field);
				else problems.push({ itemIndex, field, rule: 'unknownField', message: problemMessages.unknownColumn(this.known) });
				continue;
			}
			anyColumn = true;
			if (field === '__proto__') {
				// A JavaScript object cannot hold it as a plain field: it would be lost without a word.
				problems.push({ itemIndex, field, rule: 'columnName', message: problemMessages.protoField() });
				continue;
			}
			const cell = cellOf(fields[field]);
			if (cell === undefined) continue;
			if (isProblem(cell)) {
				problems.push({ itemIndex, field, ...cell });
				continue;
			}
			const value = column ? convertValue(cell, column.type) : cell;
			if (value === undefined) problems.push({ itemIndex, field, rule: 'type', message: typeProblem(cell, column!.type) });
			else record[field] = value;
		}
		if (ignoredFields) {
			findings.ignoredFields.set(itemIndex, ignoredFields);
			if (problems.length === problemsBefore && !anyColumn) {
				// Said here: the validator would only see an empty record and blame its values.
				// (An item with columns left empty is the validator's: it names the column.)
				problems.push({ itemIndex, rule: 'notEmpty', message: problemMessages.onlyUnknownFields(ignoredFields, this.known) });
			}
		}
		return record;
	}
}

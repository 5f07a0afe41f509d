import { cellText } from './csv';
import type { DeleteEntry } from './endpoints/deleteRecords';
import type { UpdateEntry } from './endpoints/updateRecords';
import { cellOf, isProblem, RowReader } from './map';
import type { Prepare } from './pipeline';
import type { ItemProblem, Rule } from './rules';
import { problemMessages, settingMessages } from './messages';
import { convertValue } from './typing';
import { lengthOverUniqueLimit } from './validate';
import { API_MAX_UNIQUE_CHARS, type CellValue, type TableField, type TableSchema, type UnknownFieldPolicy } from './types';

/** How a write finds its records: by a unique column's value, or by record id. */
export type Match = { by: 'column'; column: TableField } | { by: 'recordId' };

/** Why a column cannot be matched on, or undefined when it can (the API matches on one unique column only). */
export function matchColumnProblem(schema: TableSchema, column: string | undefined): string | undefined {
	if (!column) return settingMessages.noMatchColumn();
	const field = schema.fields.find((f) => f.name === column);
	const uniqueColumns = schema.fields.filter((f) => f.unique).map((f) => f.name);
	if (!field) return settingMessages.noSuchMatchColumn(column, uniqueColumns);
	if (!field.unique) return settingMessages.matchColumnNotUnique(column, uniqueColumns);
	return undefined;
}

/**
 * Checks one item's match value (a column's value or a record id): present, and not the same
 * as an earlier item's in this execution (two writes to one record would race).
 */
class MatchKeys {
	private readonly firstUse = new Map<string, number>();

	constructor(private readonly match: Match) {}

	/**
	 * The value in the column's type (text for a record id), or the item's problem. `claim`: the
	 * item will be sent, so a later item with the same value is a repeat (see release).
	 */
	check(itemIndex: number, raw: unknown, claim = true): { value: CellValue } | { problem: ItemProblem } {
		const column = this.match.by === 'column' ? this.match.column : undefined;
		const field = column?.name ?? 'recordId';
		// (field, rule, message) as the other problem makers take them: test/unit/rules.test.ts reads the rules from such calls.
		const problem = (field: string, rule: Rule, message: string) => ({ problem: { itemIndex, field, rule, message } });
		const given = cellOf(raw);
		if (isProblem(given)) return problem(field, 'matchValue', given.message);
		if (given === undefined || cellText(given).trim() === '') return problem(field, 'matchValue', problemMessages.noMatchValue());
		// A number past 2^53 has already lost digits: sent, it would write or delete another record.
		if (!column && typeof given === 'number' && !Number.isSafeInteger(given)) return problem(field, 'matchValue', problemMessages.recordIdNotExact(given));
		const value = column ? convertValue(given, column.type) : cellText(given).trim();
		if (value === undefined) return problem(field, 'matchValue', problemMessages.matchValueNotOfType(given, column!.type));
		const text = cellText(value);
		const length = column ? lengthOverUniqueLimit(text) : undefined;
		if (length !== undefined) return problem(field, 'matchValue', problemMessages.matchValueTooLong(API_MAX_UNIQUE_CHARS, length));
		const earlier = this.firstUse.get(text);
		if (earlier !== undefined) return problem(field, 'matchRepeat', problemMessages.matchRepeat(value, earlier));
		if (claim) this.firstUse.set(text, itemIndex);
		return { value };
	}

	/** Gives up an item's entry when it is not sent after all (too large for a request). */
	release(itemIndex: number, entry: DeleteEntry): void {
		const value = entry.record_id ?? Object.values(entry.filter ?? {})[0];
		if (value === undefined) return;
		const text = cellText(value);
		if (this.firstUse.get(text) === itemIndex) this.firstUse.delete(text);
	}
}

/** How an entry names its record: by the match column's value, or by its id. */
const target = (match: Match, value: CellValue) => (match.by === 'column' ? { filter: { [match.column.name]: value } } : { record_id: String(value) });

/** Create or Update / Update: each item's values typed to the table, with the record to write. */
export function updatePreparer(schema: TableSchema, match: Match, unknownFields: UnknownFieldPolicy, keys?: unknown[]) {
	const reader = new RowReader(schema, unknownFields);
	const matchKeys = new MatchKeys(match);
	const prepare: Prepare<UpdateEntry> = (itemIndex, fields, position, findings) => {
		const problemsBefore = findings.problems.length;
		const record = reader.read(itemIndex, fields, findings);
		const readable = findings.problems.length === problemsBefore;
		const raw = match.by === 'column' ? fields[match.column.name] : keys?.[position];
		// An item that will not be sent claims no record: a later item may still write it.
		const key = matchKeys.check(itemIndex, raw, readable);
		if ('problem' in key) {
			// Said once: reading the record may have named the match column's value already.
			const told = match.by === 'column' && findings.problems.slice(problemsBefore).some((p) => p.field === match.column.name);
			if (!told) findings.problems.push(key.problem);
		} else if (readable) return { ...target(match, key.value), updated_fields: record };
		return undefined;
	};
	return { prepare, release: (itemIndex: number, entry: UpdateEntry) => matchKeys.release(itemIndex, entry) };
}

/** Delete: each item's record, by a unique column's value or by id. */
export function deletePreparer(match: Match, keys: unknown[]) {
	const matchKeys = new MatchKeys(match);
	const prepare: Prepare<DeleteEntry> = (itemIndex, _fields, position, findings) => {
		const key = matchKeys.check(itemIndex, keys[position]);
		if ('value' in key) return target(match, key.value);
		findings.problems.push(key.problem);
		return undefined;
	};
	return { prepare, release: (itemIndex: number, entry: DeleteEntry) => matchKeys.release(itemIndex, entry) };
}

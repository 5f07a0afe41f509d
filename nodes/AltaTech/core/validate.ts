import { cellText } from './csv';
import type { ItemProblem } from './rules';
import { problemMessages } from './messages';
import { API_MAX_UNIQUE_CHARS, type TableRecord, type TableSchema } from './types';

const hasOwn = (record: TableRecord, field: string) => Object.prototype.hasOwnProperty.call(record, field);
const isEmpty = (record: TableRecord, field: string) => !hasOwn(record, field) || cellText(record[field]) === '';

function hasValue(record: TableRecord): boolean {
	for (const field in record) if (record[field] !== '') return true;
	return false;
}

/**
 * A unique value's length when it is over the API's limit, else undefined. Characters as the API
 * counts them: code points, not UTF-16 units; a text has no more code points than units, so only
 * a text over the limit in units is counted.
 */
export function lengthOverUniqueLimit(text: string): number | undefined {
	if (text.length <= API_MAX_UNIQUE_CHARS) return undefined;
	const length = Array.from(text).length;
	return length > API_MAX_UNIQUE_CHARS ? length : undefined;
}

/**
 * Step 2: the rules a record must meet before it is worth sending, checked for the whole
 * execution: a unique value repeated anywhere in the input (not only within one request) is
 * caught here, and the first item that used it keeps it.
 */
export class Validator {
	private readonly required: string[];
	private readonly unique: string[];
	/** Per unique column, the item that first used each value. */
	private readonly firstUse: Array<Map<string, number>>;

	constructor(schema: TableSchema) {
		this.required = schema.fields.filter((f) => f.required && !f.unique).map((f) => f.name);
		this.unique = schema.fields.filter((f) => f.unique).map((f) => f.name);
		this.firstUse = this.unique.map(() => new Map());
	}

	/** Whether the record meets every rule; each rule it breaks goes to `problems`, naming its field. A valid record claims its unique values. */
	validate(itemIndex: number, record: TableRecord, problems: ItemProblem[]): boolean {
		const problemsBefore = problems.length;
		if (hasOwn(record, '')) problems.push({ itemIndex, field: '', rule: 'columnName', message: problemMessages.emptyColumnName() });
		for (const field of this.required) {
			if (isEmpty(record, field)) problems.push({ itemIndex, field, rule: 'required', message: problemMessages.required() });
		}
		for (let position = 0; position < this.unique.length; position++) {
			const field = this.unique[position];
			if (isEmpty(record, field)) {
				problems.push({ itemIndex, field, rule: 'uniqueRequired', message: problemMessages.uniqueRequired() });
				continue;
			}
			const text = cellText(record[field]);
			const tooLong = lengthOverUniqueLimit(text);
			const earlier = this.firstUse[position].get(text);
			if (tooLong !== undefined) problems.push({ itemIndex, field, rule: 'uniqueLength', message: problemMessages.uniqueLength(API_MAX_UNIQUE_CHARS, tooLong) });
			else if (earlier !== undefined) problems.push({ itemIndex, field, rule: 'uniqueRepeat', message: problemMessages.uniqueRepeat(text, earlier) });
		}
		if (problems.length > problemsBefore) return false;
		// Said only when no column's rule already says what is missing (a required value, say).
		if (!hasValue(record)) {
			problems.push({ itemIndex, rule: 'notEmpty', message: problemMessages.noValues() });
			return false;
		}
		// Only a record that goes claims its unique values, so a later valid repeat is not blamed.
		for (let position = 0; position < this.unique.length; position++) this.firstUse[position].set(cellText(record[this.unique[position]]), itemIndex);
		return true;
	}

	/** Gives up a record's unique values when it is not sent after all (too large for a request). */
	release(itemIndex: number, record: TableRecord): void {
		this.unique.forEach((field, position) => {
			const text = cellText(record[field]);
			if (this.firstUse[position].get(text) === itemIndex) this.firstUse[position].delete(text);
		});
	}
}

import { cellText } from './csv';
import { keepHiddenClassOf } from './hiddenClasses';
import { hasOwn } from './map';
import { shortValue } from './typing';
import { UniqueIndex } from './uniqueIndex';
import { API_MAX_UNIQUE_CHARS, NO_PROBLEMS, type ItemProblem, type TableRecord, type TableSchema } from './types';

/**
 * Missing or empty. Own fields only: a column named "constructor" or "toString" would otherwise
 * read Object.prototype's function as its value.
 */
function isEmpty(record: TableRecord, field: string): boolean {
	const value = record[field];
	return value === undefined || !hasOwn(record, field) || cellText(value) === '';
}

/**
 * Whether every field is missing or empty text: such a record would add a blank row (a sheet's
 * trailing empty rows give them). Without listing the keys: this runs once per record, and
 * mostly stops at the first field.
 */
function hasNoValues(record: TableRecord): boolean {
	for (const field in record) if (record[field] !== '' && hasOwn(record, field)) return false;
	return true;
}

/**
 * Step 2: the rules a record must meet before it is worth sending, checked for the whole
 * execution: a unique value repeated anywhere in the input (not only within one request) is
 * caught here, and the first item that used it keeps it. A class, not a closure per execution,
 * so that the per-row code calls one function in every execution.
 */
export class Validator {
	private readonly required: string[];
	private readonly unique: string[];
	/** The item that first used each unique column's values, in the order of `unique`. */
	private readonly firstUse: UniqueIndex[];
	/** The unique values of the row being checked, in the order of `unique` (reused from row to row). */
	private readonly uniqueTexts: string[];
	private readonly columnRules: boolean;

	/** `expectedRows`: how many rows will be checked, so the unique values' index is made large enough at once. */
	constructor(schema: TableSchema, expectedRows = 0) {
		this.required = schema.fields.filter((f) => f.required && !f.unique).map((f) => f.name);
		this.unique = schema.fields.filter((f) => f.unique).map((f) => f.name);
		this.firstUse = this.unique.map(() => new UniqueIndex(expectedRows));
		this.uniqueTexts = this.unique.map(() => '');
		this.columnRules = this.required.length > 0 || this.unique.length > 0;
	}

	validate(itemIndex: number, record: TableRecord): readonly ItemProblem[] {
		// Most tables declare neither required nor unique columns: then a row needs only a field, and one with a name.
		if (!('' in record) && !hasNoValues(record) && (!this.columnRules || this.meetsColumnRules(record))) {
			for (let position = 0; position < this.unique.length; position++) this.firstUse[position].claim(this.uniqueTexts[position], itemIndex);
			return NO_PROBLEMS;
		}
		return this.problemsOf(itemIndex, record);
	}

	/**
	 * Gives up the unique values a valid record claimed, when it is not sent after all (too large
	 * for a request): a later record with the same value is then not refused as a repeat.
	 */
	release(itemIndex: number, record: TableRecord): void {
		const { unique, firstUse } = this;
		for (let position = 0; position < unique.length; position++) {
			firstUse[position].release(cellText(record[unique[position]]), itemIndex);
		}
	}

	/**
	 * Whether the record meets the column rules, without an object made for it: most rows do,
	 * and this runs for every row. Leaves its unique values in `uniqueTexts`.
	 */
	private meetsColumnRules(record: TableRecord): boolean {
		const { required, unique, uniqueTexts, firstUse } = this;
		for (let position = 0; position < required.length; position++) if (isEmpty(record, required[position])) return false;
		for (let position = 0; position < unique.length; position++) {
			const field = unique[position];
			const value = record[field];
			if (value === undefined || !hasOwn(record, field)) return false;
			const text = cellText(value);
			// A UTF-16 length within the limit is a code point length within it.
			if (text === '' || (text.length > API_MAX_UNIQUE_CHARS && codePointLength(text) > API_MAX_UNIQUE_CHARS)) return false;
			if (firstUse[position].ownerOf(text) >= 0) return false;
			uniqueTexts[position] = text;
		}
		return true;
	}

	/** Every rule the record breaks, each naming its field. */
	private problemsOf(itemIndex: number, record: TableRecord): readonly ItemProblem[] {
		const { required, unique, firstUse } = this;
		const problems: ItemProblem[] = [];
		const problem = (field: string | undefined, rule: string, message: string) => problems.push({ itemIndex, field, rule, message });

		if ('' in record) problem('', 'columnName', 'a field has an empty name, which cannot be a column');
		for (const field of required) {
			if (isEmpty(record, field)) problem(field, 'required', 'the column is required, but the value is missing or empty');
		}
		const claims: string[] = [];
		for (let position = 0; position < unique.length; position++) {
			const field = unique[position];
			if (isEmpty(record, field)) {
				problem(field, 'uniqueRequired', 'the column is unique, so every record needs a value, but it is missing or empty');
				continue;
			}
			const text = cellText(record[field]);
			const length = codePointLength(text);
			if (length > API_MAX_UNIQUE_CHARS) {
				problem(field, 'uniqueLength', `the column is unique, so its value may have at most ${API_MAX_UNIQUE_CHARS} characters, not ${length}`);
				continue;
			}
			const earlier = firstUse[position].ownerOf(text);
			if (earlier >= 0) {
				problem(field, 'uniqueRepeat', `the column is unique, but the value ${shortValue(text)} was already used by item ${earlier}`);
			} else {
				claims[position] = text;
			}
		}
		// Said only when no column's rule already says what is missing (a required value, say).
		if (problems.length === 0 && hasNoValues(record)) {
			problem(undefined, 'notEmpty', 'the record has no values: every field is empty (null, missing or empty text), so it would add a blank row');
		}
		// Only a record that goes claims its unique values, so a later valid repeat is not blamed.
		if (problems.length === 0) for (let position = 0; position < unique.length; position++) firstUse[position].claim(claims[position], itemIndex);
		return problems;
	}
}

/** Characters as the API counts them for unique values: code points, not UTF-16 units. */
function codePointLength(text: string): number {
	let length = 0;
	for (const _ of text) length++;
	return length;
}

keepHiddenClassOf(new Validator({ fields: [] }));

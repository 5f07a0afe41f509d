import { cellText } from './csv';
import { keepHiddenClassOf } from './hiddenClasses';
import { shortValue } from './typing';
import { API_MAX_UNIQUE_CHARS, NO_PROBLEMS, type ItemProblem, type TableRecord, type TableSchema } from './types';

const isEmpty = (record: TableRecord, field: string) => record[field] === undefined || cellText(record[field]) === '';

/** Without listing the keys: this runs once per record. */
function hasNoFields(record: TableRecord): boolean {
	for (const field in record) if (Object.prototype.hasOwnProperty.call(record, field)) return false;
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
	private readonly firstUse: Map<string, Map<string, number>>;
	private readonly columnRules: boolean;

	constructor(schema: TableSchema) {
		this.required = schema.fields.filter((f) => f.required && !f.unique).map((f) => f.name);
		this.unique = schema.fields.filter((f) => f.unique).map((f) => f.name);
		this.firstUse = new Map(this.unique.map((name) => [name, new Map<string, number>()]));
		this.columnRules = this.required.length > 0 || this.unique.length > 0;
	}

	validate(itemIndex: number, record: TableRecord): readonly ItemProblem[] {
		const { required, unique, firstUse, columnRules } = this;
		// Most tables declare neither: then a row needs only a field, and one with a name.
		if (!columnRules && !('' in record) && !hasNoFields(record)) return NO_PROBLEMS;
		const problems: ItemProblem[] = [];
		const problem = (field: string | undefined, rule: string, message: string) => problems.push({ itemIndex, field, rule, message });

		if (hasNoFields(record)) {
			problem(undefined, 'notEmpty', 'the record has no values: every field is empty (null or missing), so it would add a blank row');
		}
		if ('' in record) problem('', 'columnName', 'a field has an empty name, which cannot be a column');
		for (const field of required) {
			if (isEmpty(record, field)) problem(field, 'required', 'the column is required, but the value is missing or empty');
		}
		const claims: Array<[string, string]> = [];
		for (const field of unique) {
			if (isEmpty(record, field)) {
				problem(field, 'uniqueRequired', 'the column is unique, so every record needs a value, but it is missing or empty');
				continue;
			}
			const text = cellText(record[field]);
			const length = [...text].length;
			if (length > API_MAX_UNIQUE_CHARS) {
				problem(field, 'uniqueLength', `the column is unique, so its value may have at most ${API_MAX_UNIQUE_CHARS} characters, not ${length}`);
				continue;
			}
			const earlier = firstUse.get(field)!.get(text);
			if (earlier !== undefined) {
				problem(field, 'uniqueRepeat', `the column is unique, but the value ${shortValue(text)} was already used by item ${earlier}`);
			} else {
				claims.push([field, text]);
			}
		}
		// Only a record that goes claims its unique values, so a later valid repeat is not blamed.
		if (problems.length === 0) for (const [field, text] of claims) firstUse.get(field)!.set(text, itemIndex);
		return problems;
	}
}

keepHiddenClassOf(new Validator({ fields: [] }));

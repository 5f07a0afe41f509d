import { shortValue, toColumnType } from './typing';
import { NO_FIELDS, NO_PROBLEMS, type ItemProblem, type TableRecord, type TableSchema, type UnknownFieldPolicy } from './types';

export interface Conformed {
	record: TableRecord;
	problems: readonly ItemProblem[];
	/** Input fields left out because the table has no such column (policy 'ignore'). */
	ignoredFields: readonly string[];
}

/**
 * Fits a mapped record to the table's columns: fields the table lacks are reported or left
 * out, and each value is converted to its column's type. A table that declares no fields is
 * taken as it comes, and so is a record already in the table's types: a new record is made
 * only from the first field that changes, so rows that need no conversion are not copied.
 */
export function createConformer(schema: TableSchema, unknownFields: UnknownFieldPolicy) {
	const columns = new Map(schema.fields.map((field) => [field.name, field]));
	const known = [...columns.keys()].join(', ');

	return function conform(itemIndex: number, input: TableRecord): Conformed {
		if (columns.size === 0) return { record: input, problems: NO_PROBLEMS, ignoredFields: NO_FIELDS };
		let record: TableRecord | undefined;
		const problems: ItemProblem[] = [];
		const ignoredFields: string[] = [];
		/** The copy starts with the fields before `name`, which all went through unchanged. */
		const copyUpTo = (name: string): TableRecord => {
			const copy: TableRecord = {};
			for (const field in input) {
				if (field === name) break;
				copy[field] = input[field];
			}
			return copy;
		};
		for (const name in input) {
			const column = columns.get(name);
			if (!column) {
				record ??= copyUpTo(name);
				if (unknownFields === 'ignore') ignoredFields.push(name);
				else problems.push({ itemIndex, field: name, rule: 'unknownField', message: `the table has no such column (its columns: ${known})` });
				continue;
			}
			const typed = toColumnType(input[name], column.type);
			if (!('value' in typed)) {
				record ??= copyUpTo(name);
				problems.push({ itemIndex, field: name, rule: 'type', message: `${shortValue(input[name])} cannot be read as ${typed.expected}` });
			} else if (record) {
				record[name] = typed.value;
			} else if (!Object.is(typed.value, input[name])) {
				record = copyUpTo(name);
				record[name] = typed.value;
			}
		}
		return { record: record ?? input, problems, ignoredFields };
	};
}

import { valueBytesAtMost } from './csv';
import { keepHiddenClassOf } from './hiddenClasses';
import { convertValue, typeProblem } from './typing';
import { NO_FIELDS, NO_PROBLEMS, type ItemProblem, type TableField, type TableRecord, type TableSchema, type UnknownFieldPolicy } from './types';

export interface Conformed {
	record: TableRecord;
	problems: readonly ItemProblem[];
	/** Input fields left out because the table has no such column (policy 'ignore'). */
	ignoredFields: readonly string[];
	/** The record's recordValueBytesAtMost, if the caller gave the input's (else -1). */
	bytesAtMost: number;
}

/**
 * Fits a mapped record to the table's columns: fields the table lacks are reported or left
 * out, and each value is converted to its column's type. A table that declares no fields is
 * taken as it comes, and so is a record already in the table's types: a new record is made
 * only from the first field that changes, so rows that need no conversion are not copied.
 * It runs once per row: nothing is allocated for a row that needs no change. A class, not a
 * closure per execution, so that the per-row code calls one function in every execution.
 */
export class Conformer {
	private readonly columns: Map<string, TableField>;
	private readonly known: string;
	/**
	 * The last row's field names and their columns, by position: rows of one source list their
	 * fields in the same order, so a name is mostly found here, without hashing it.
	 */
	private readonly lastNames: string[] = [];
	private readonly lastColumns: Array<TableField | undefined> = [];

	constructor(schema: TableSchema, private readonly unknownFields: UnknownFieldPolicy) {
		this.columns = new Map(schema.fields.map((field) => [field.name, field]));
		this.known = [...this.columns.keys()].join(', ');
	}

	/** Whether a field is left out of every record (policy 'ignore', no such column): its value is never sent. */
	ignores(field: string): boolean {
		return this.unknownFields === 'ignore' && this.columns.size > 0 && !this.columns.has(field);
	}

	/**
	 * `ignoredBefore`: fields of the item already left out by mapping (see ignores).
	 * `bytesAtMost`: the input's recordValueBytesAtMost, if known; the result's is then updated
	 * for the values converted (the caller need not take it again over the whole record).
	 */
	conform(itemIndex: number, input: TableRecord, ignoredBefore: readonly string[] = NO_FIELDS, bytesAtMost = -1): Conformed {
		const { columns, known, unknownFields, lastNames, lastColumns } = this;
		if (columns.size === 0) return { record: input, problems: NO_PROBLEMS, ignoredFields: NO_FIELDS, bytesAtMost };
		let record: TableRecord | undefined;
		/** Whether `record` is a clone of every input field, or holds only the fields up to the current one. */
		let cloned = false;
		let problems: ItemProblem[] | undefined;
		let ignoredFields: string[] | undefined = ignoredBefore.length ? [...ignoredBefore] : undefined;
		let position = 0;
		for (const name in input) {
			let column: TableField | undefined;
			if (lastNames[position] === name) {
				column = lastColumns[position];
			} else {
				column = columns.get(name);
				lastNames[position] = name;
				lastColumns[position] = column;
			}
			position++;
			if (!column) {
				if (unknownFields === 'ignore') {
					(ignoredFields ??= []).push(name);
					if (bytesAtMost >= 0) bytesAtMost -= valueBytesAtMost(input[name]);
					// The record goes without this field: from here on it is built field by field.
					if (!record || cloned) record = copyUpTo(record ?? input, name);
					cloned = false;
				} else {
					// The row is not sent, so its record no longer matters.
					(problems ??= []).push({ itemIndex, field: name, rule: 'unknownField', message: `the table has no such column (its columns: ${known})` });
				}
				continue;
			}
			const value = convertValue(input[name], column.type);
			if (bytesAtMost >= 0 && value !== undefined && value !== input[name]) bytesAtMost += valueBytesAtMost(value) - valueBytesAtMost(input[name]);
			if (value === undefined) {
				(problems ??= []).push({ itemIndex, field: name, rule: 'type', message: typeProblem(input[name], column.type) });
			} else if (record) {
				record[name] = value;
			} else if (!Object.is(value, input[name])) {
				// A clone has the input's hidden class; a record built field by field would get hidden
				// classes of its own, which die after the execution and take V8's optimized code with them.
				record = { ...input };
				cloned = true;
				record[name] = value;
			}
		}
		if (ignoredFields && Object.keys(record ?? input).length === 0) {
			// Said here: the validator would only see an empty record and blame its values.
			const message = `none of its fields (${ignoredFields.join(', ')}) is a column of the table, so it would add a blank row (its columns: ${known})`;
			(problems ??= []).push({ itemIndex, rule: 'notEmpty', message });
		}
		return { record: record ?? input, problems: problems ?? NO_PROBLEMS, ignoredFields: ignoredFields ?? NO_FIELDS, bytesAtMost };
	}
}

keepHiddenClassOf(new Conformer({ fields: [] }, 'fail'));

/** A new record with the fields of `record` before `name`. */
function copyUpTo(record: TableRecord, name: string): TableRecord {
	const copy: TableRecord = {};
	for (const field in record) {
		if (field === name) break;
		copy[field] = record[field];
	}
	return copy;
}

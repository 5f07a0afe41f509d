import type { Batch } from './bulk/outcome';
import { BatchPlanner, type RequestLimits } from './bulk/plan';
import { RowReader } from './map';
import { itemMessages } from './messages';
import type { ItemProblem } from './rules';
import type { SourceRows, TableRecord, TableSchema, UnknownFieldPolicy } from './types';
import { Validator } from './validate';

/** What a write will send, and the items it will not. */
export interface WritePlan<R> {
	batches: Array<Batch<R>>;
	problems: ItemProblem[];
	ignoredFields: Map<number, readonly string[]>;
}

/** One item made ready to send: its record, or why it cannot go. */
export interface Prepared<R> {
	record?: R;
	problems: ItemProblem[];
	ignoredFields?: readonly string[];
}

/**
 * map -> validate -> batch: everything short of sending (also the dry run), one pass over the
 * rows, each record going straight into its batch. `release` is told of a valid record that
 * is too large to send, so it gives up what it claimed (a unique value).
 */
export function planWrite<R>(
	rows: SourceRows,
	prepare: (itemIndex: number, fields: Record<string, unknown>, position: number) => Prepared<R>,
	limits: RequestLimits<R>,
	release: (itemIndex: number, record: R) => void = () => undefined,
	inputProblems: ItemProblem[] = [],
): WritePlan<R> {
	const planner = new BatchPlanner(limits);
	const problems = [...inputProblems];
	const ignoredFields = new Map<number, readonly string[]>();
	for (let position = 0; position < rows.itemIndexes.length; position++) {
		const itemIndex = rows.itemIndexes[position];
		const prepared = prepare(itemIndex, rows.fields[position], position);
		if (prepared.ignoredFields?.length) ignoredFields.set(itemIndex, prepared.ignoredFields);
		if (prepared.record === undefined || prepared.problems.length) {
			problems.push(...prepared.problems);
		} else if (!planner.add(itemIndex, prepared.record)) {
			const alone = limits.newMeter(Infinity);
			alone.tryAdd(prepared.record);
			problems.push({ itemIndex, rule: 'recordSize', message: itemMessages.recordTooLarge(alone.bytes, limits.maxBytes) });
			release(itemIndex, prepared.record);
		}
	}
	return { batches: planner.finish(), problems, ignoredFields };
}

/** Records for a table as imports send them: typed to its columns and checked against its rules. */
export function importPreparer(schema: TableSchema, unknownFields: UnknownFieldPolicy) {
	const reader = new RowReader(schema, unknownFields);
	const validator = new Validator(schema);
	return {
		prepare(itemIndex: number, fields: Record<string, unknown>): Prepared<TableRecord> {
			const { record, problems, ignoredFields } = reader.read(itemIndex, fields);
			if (!problems.length) problems.push(...validator.validate(itemIndex, record));
			return { record, problems, ignoredFields };
		},
		release: (itemIndex: number, record: TableRecord) => validator.release(itemIndex, record),
	};
}

import type { Batch } from './bulk/outcome';
import { BatchPlanner, type RequestLimits } from './bulk/plan';
import { RowReader } from './map';
import { itemMessages } from './messages';
import type { Findings, ItemProblem } from './rules';
import type { SourceRows, TableRecord, TableSchema, UnknownFieldPolicy } from './types';
import { Validator } from './validate';

/** What a write will send, and the items it will not. */
export interface WritePlan<R> extends Findings {
	batches: Array<Batch<R>>;
}

/** One item made ready to send: its record, or undefined once its problems are in `findings`. */
export type Prepare<R> = (itemIndex: number, fields: Record<string, unknown>, position: number, findings: Findings) => R | undefined;

/**
 * map -> validate -> batch: everything short of sending (also the dry run), one pass over the
 * rows, each record going straight into its batch. `release` is told of a valid record that
 * is too large to send, so it gives up what it claimed (a unique value).
 */
export function planWrite<R>(
	rows: SourceRows,
	prepare: Prepare<R>,
	limits: RequestLimits<R>,
	release: (itemIndex: number, record: R) => void = () => undefined,
	inputProblems: ItemProblem[] = [],
): WritePlan<R> {
	const planner = new BatchPlanner(limits);
	const findings: Findings = { problems: [...inputProblems], ignoredFields: new Map() };
	for (let position = 0; position < rows.itemIndexes.length; position++) {
		const itemIndex = rows.itemIndexes[position];
		const record = prepare(itemIndex, rows.fields[position], position, findings);
		if (record === undefined || planner.add(itemIndex, record)) continue;
		const alone = limits.newMeter(Infinity);
		alone.tryAdd(record);
		findings.problems.push({ itemIndex, rule: 'recordSize', message: itemMessages.recordTooLarge(alone.bytes, limits.maxBytes) });
		release(itemIndex, record);
	}
	return { batches: planner.finish(), ...findings };
}

/** Records for a table as imports send them: typed to its columns and checked against its rules. */
export function importPreparer(schema: TableSchema, unknownFields: UnknownFieldPolicy) {
	const reader = new RowReader(schema, unknownFields);
	const validator = new Validator(schema);
	const prepare: Prepare<TableRecord> = (itemIndex, fields, _position, findings) => {
		const problemsBefore = findings.problems.length;
		const record = reader.read(itemIndex, fields, findings);
		return findings.problems.length === problemsBefore && validator.validate(itemIndex, record, findings.problems) ? record : undefined;
	};
	return { prepare, release: (itemIndex: number, record: TableRecord) => validator.release(itemIndex, record) };
}

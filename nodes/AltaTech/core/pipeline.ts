import { BatchPlanner } from './batch';
import { createConformer } from './conform';
import { convertRow, sendableAsIsBytesAtMost } from './map';
import { buildReport, type ImportReport } from './report';
import { sendBatches, type SendOptions } from './send';
import { NO_PROBLEMS, type Batch, type ImportLimits, type ItemProblem, type SourceRows, type TableRecord, type TableSchema, type UnknownFieldPolicy } from './types';
import { createValidator } from './validate';

export interface PlanOptions extends ImportLimits {
	schema: TableSchema;
	unknownFields: UnknownFieldPolicy;
}

export interface ImportPlan {
	schema: TableSchema;
	batches: Batch[];
	problems: ItemProblem[];
	ignoredFields: Map<number, readonly string[]>;
}

/**
 * map -> conform to the table -> validate -> batch: everything short of sending (also the dry
 * run). One pass over the rows, each record going straight into its batch.
 */
export function planImport(rows: SourceRows, options: PlanOptions, inputProblems: ItemProblem[] = []): ImportPlan {
	const conform = createConformer(options.schema, options.unknownFields);
	const validate = createValidator(options.schema);
	const planner = new BatchPlanner(options);
	const problems = [...inputProblems];
	const ignoredFields = new Map<number, readonly string[]>();
	// A table that declares no fields takes records as they come: nothing to conform to.
	const typedTable = options.schema.fields.length > 0;

	// Plain loops, and no object per row where the row needs no change: this runs up to millions of times.
	for (let position = 0; position < rows.itemIndexes.length; position++) {
		const itemIndex = rows.itemIndexes[position];
		const fields = rows.fields[position];
		let record = fields as TableRecord;
		let bytesAtMost = sendableAsIsBytesAtMost(fields);
		if (bytesAtMost < 0) {
			const mapped = convertRow({ itemIndex, fields });
			if (mapped.problems.length) {
				problems.push(...mapped.problems);
				continue;
			}
			record = mapped.record;
		}
		let rowProblems: readonly ItemProblem[] = NO_PROBLEMS;
		if (typedTable) {
			const conformed = conform(itemIndex, record);
			if (conformed.ignoredFields.length) ignoredFields.set(itemIndex, conformed.ignoredFields);
			if (conformed.record !== fields) bytesAtMost = -1; // converted: its bound is taken again
			record = conformed.record;
			rowProblems = conformed.problems;
		}
		if (!rowProblems.length) rowProblems = validate(itemIndex, record);
		if (rowProblems.length) problems.push(...rowProblems);
		else planner.add(itemIndex, record, bytesAtMost >= 0 ? bytesAtMost : undefined);
	}
	// Size problems come after the row problems, as when batching was a pass of its own.
	const planned = planner.finish();
	problems.push(...planned.problems);
	return { schema: options.schema, batches: planned.batches, problems, ignoredFields };
}

export interface RunOptions extends Omit<SendOptions, 'stopOnRejectedRecord' | 'retry'> {
	retry: Omit<SendOptions['retry'], 'resendWhenUnknown'>;
	/** Problems found before sending stop the run before the first request (nothing half-imported). */
	failOnInvalidRecord: boolean;
}

/** Sends a plan and reports on every item. */
export async function runImport(plan: ImportPlan, options: RunOptions): Promise<ImportReport> {
	if (plan.problems.length && options.failOnInvalidRecord) {
		const notSent = plan.batches.map((batch) => ({ batch, notSent: true }));
		return buildReport(plan.problems, notSent, plan.ignoredFields);
	}
	// With unique fields a re-send cannot duplicate rows, so a lost reply may be retried.
	const resendWhenUnknown = plan.schema.fields.some((f) => f.unique);
	const outcomes = await sendBatches(plan.batches, {
		...options,
		retry: { ...options.retry, resendWhenUnknown },
		stopOnRejectedRecord: options.failOnInvalidRecord,
	});
	return buildReport(plan.problems, outcomes, plan.ignoredFields);
}

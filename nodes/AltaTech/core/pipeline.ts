import { BatchPlanner } from './batch';
import { Conformer } from './conform';
import { convertRow, sendableAsIsBytesAtMost } from './map';
import { buildReport, type ImportReport } from './report';
import { sendBatches, type SendOptions } from './send';
import { NO_PROBLEMS, type Batch, type ImportLimits, type ItemProblem, type SourceRows, type TableRecord, type TableSchema, type UnknownFieldPolicy } from './types';
import { Validator } from './validate';

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

/** What planning a row needs, made once per plan. */
interface RowPlanning {
	/** Undefined for a table that declares no fields: it takes records as they come. */
	conformer: Conformer | undefined;
	validator: Validator;
	planner: BatchPlanner;
	problems: ItemProblem[];
	ignoredFields: Map<number, readonly string[]>;
}

/**
 * map -> conform to the table -> validate -> batch: everything short of sending (also the dry
 * run). One pass over the rows, each record going straight into its batch.
 */
export function planImport(rows: SourceRows, options: PlanOptions, inputProblems: ItemProblem[] = []): ImportPlan {
	const typedTable = options.schema.fields.length > 0;
	const planning: RowPlanning = {
		conformer: typedTable ? new Conformer(options.schema, options.unknownFields) : undefined,
		validator: new Validator(options.schema, rows.itemIndexes.length),
		planner: new BatchPlanner(options),
		problems: [...inputProblems],
		ignoredFields: new Map(),
	};
	// A call per row rather than the row's work inline: V8 keeps a function's optimized code from
	// one execution to the next, but code compiled for a running loop (on-stack replacement) is
	// dropped at every full garbage collection, so the rows of each execution would start on
	// unoptimized code.
	for (let position = 0; position < rows.itemIndexes.length; position++) {
		planRow(planning, rows.itemIndexes[position], rows.fields[position]);
	}
	// Size problems come after the row problems, as when batching was a pass of its own.
	const planned = planning.planner.finish();
	const problems = planning.problems;
	problems.push(...planned.problems);
	return { schema: options.schema, batches: planned.batches, problems, ignoredFields: planning.ignoredFields };
}

/** One row into its batch, or its problems into the list. No object per row where the row needs no change: this runs up to millions of times. */
function planRow(planning: RowPlanning, itemIndex: number, fields: Record<string, unknown>): void {
	let record = fields as TableRecord;
	let bytesAtMost = sendableAsIsBytesAtMost(fields);
	/** Fields whose value could not be written, left out anyway because the table ignores them. */
	let unwritableIgnored: string[] | undefined;
	if (bytesAtMost < 0) {
		const mapped = convertRow({ itemIndex, fields });
		let problems = mapped.problems;
		const conformer = planning.conformer;
		if (problems.length && conformer) {
			const kept: ItemProblem[] = [];
			for (const problem of problems) {
				if (problem.field !== undefined && conformer.ignores(problem.field)) (unwritableIgnored ??= []).push(problem.field);
				else kept.push(problem);
			}
			problems = kept;
		}
		if (problems.length) {
			planning.problems.push(...problems);
			return;
		}
		record = mapped.record;
	}
	let rowProblems: readonly ItemProblem[] = NO_PROBLEMS;
	if (planning.conformer) {
		const conformed = planning.conformer.conform(itemIndex, record, unwritableIgnored, bytesAtMost);
		if (conformed.ignoredFields.length) planning.ignoredFields.set(itemIndex, conformed.ignoredFields);
		bytesAtMost = conformed.bytesAtMost;
		record = conformed.record;
		rowProblems = conformed.problems;
	}
	if (!rowProblems.length) rowProblems = planning.validator.validate(itemIndex, record);
	if (rowProblems.length) planning.problems.push(...rowProblems);
	// A record too large to send keeps no unique value from a later record that can go.
	else if (!planning.planner.add(itemIndex, record, bytesAtMost >= 0 ? bytesAtMost : undefined)) planning.validator.release(itemIndex, record);
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

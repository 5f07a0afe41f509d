import { planBatches } from './batch';
import { createConformer } from './conform';
import { mapRow } from './map';
import { buildReport, type ImportReport } from './report';
import { sendBatches, type SendOptions } from './send';
import type { Batch, ImportLimits, ItemProblem, PreparedRecord, SourceRow, TableSchema, UnknownFieldPolicy } from './types';
import { createValidator } from './validate';

export interface PlanOptions extends ImportLimits {
	schema: TableSchema;
	unknownFields: UnknownFieldPolicy;
}

export interface ImportPlan {
	schema: TableSchema;
	batches: Batch[];
	problems: ItemProblem[];
	ignoredFields: Map<number, string[]>;
}

/** map -> conform to the table -> validate -> batch: everything short of sending (also the dry run). */
export function planImport(rows: SourceRow[], options: PlanOptions, inputProblems: ItemProblem[] = []): ImportPlan {
	const conform = createConformer(options.schema, options.unknownFields);
	const validate = createValidator(options.schema);
	const prepare = (row: SourceRow) => {
		const mapped = mapRow(row);
		if (mapped.problems.length) return { problems: mapped.problems, ignoredFields: [] };
		const conformed = conform(row.itemIndex, mapped.record);
		const problems = conformed.problems.length ? conformed.problems : validate(row.itemIndex, conformed.record);
		return { record: conformed.record, problems, ignoredFields: conformed.ignoredFields };
	};

	const problems = [...inputProblems];
	const prepared: PreparedRecord[] = [];
	const ignoredFields = new Map<number, string[]>();
	for (const row of rows) {
		const { record, problems: rowProblems, ignoredFields: ignored } = prepare(row);
		if (ignored.length) ignoredFields.set(row.itemIndex, ignored);
		if (rowProblems.length) problems.push(...rowProblems);
		else prepared.push({ itemIndex: row.itemIndex, record: record! });
	}
	const planned = planBatches(prepared, options);
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

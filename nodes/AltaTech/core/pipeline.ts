import { planBatches } from './batch';
import { mapRow } from './map';
import { buildReport, type ImportReport } from './report';
import { sendBatches, type SendOptions } from './send';
import type { ImportLimits, ItemProblem, PreparedRecord, SourceRow } from './types';
import { validateRecord } from './validate';

export interface ImportOptions extends ImportLimits, SendOptions {
	/**
	 * When true, any problem found before sending (mapping, validation, size) stops the run
	 * before the first request, so nothing is half-imported; the caller then throws.
	 */
	stopOnError: boolean;
}

/** map -> validate -> batch -> send -> report, for one table. */
export async function runImport(rows: SourceRow[], options: ImportOptions): Promise<ImportReport> {
	const problems: ItemProblem[] = [];
	const prepared: PreparedRecord[] = [];
	for (const row of rows) {
		const mapped = mapRow(row);
		const rowProblems = mapped.problems.length ? mapped.problems : validateRecord(row.itemIndex, mapped.record);
		if (rowProblems.length) problems.push(...rowProblems);
		else prepared.push({ itemIndex: row.itemIndex, record: mapped.record });
	}
	const planned = planBatches(prepared, options);
	problems.push(...planned.problems);

	const itemCount = rows.length === 0 ? 0 : rows[rows.length - 1].itemIndex + 1;
	if (problems.length && options.stopOnError) {
		const notSent = planned.batches.map((batch) => ({ batch, notSent: true }));
		return buildReport(itemCount, problems, notSent);
	}
	const outcomes = await sendBatches(planned.batches, options);
	return buildReport(itemCount, problems, outcomes);
}

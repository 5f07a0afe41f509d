import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ImportReport, ItemOutcome } from '../../core/report';
import type { ItemProblem } from '../../core/types';

/** "Item 3, field "price": ..." — every failure says which item, which field and why. */
export function describeProblem(problem: ItemProblem): string {
	const field = problem.field !== undefined ? `, field "${problem.field}"` : '';
	return `Item ${problem.itemIndex}${field}: ${problem.message}`;
}

function itemErrorMessage(outcome: ItemOutcome): string {
	const problem = outcome.problem ?? {
		itemIndex: outcome.itemIndex,
		rule: 'notSent',
		message: 'not sent, because an earlier request failed',
	};
	return describeProblem(problem);
}

/**
 * One output item per input item: the submitted ones with their task id, the others as n8n
 * error items. An error item is only { error }: n8n then routes it to the error output when
 * that is enabled, and adds the input item's fields to it so the user sees the failed row.
 */
export function toOutputItems(reports: ImportReport[]): INodeExecutionData[] {
	const outcomes = reports.length === 1 ? reports[0].items : reports.flatMap((r) => r.items).sort((a, b) => a.itemIndex - b.itemIndex);
	return outcomes.map((outcome) => {
		const pairedItem = { item: outcome.itemIndex };
		if (outcome.status === 'submitted') {
			return { json: { taskId: outcome.taskId, batch: outcome.batchNumber, values: outcome.record }, pairedItem };
		}
		return { json: { error: itemErrorMessage(outcome) }, pairedItem };
	});
}

/**
 * The error thrown when the node does not continue on fail: the first failure in input order,
 * saying what had already been imported so nobody re-runs blindly into duplicates.
 */
export function failureToThrow(context: IExecuteFunctions, report: ImportReport, earlierReports: ImportReport[]) {
	const all = [...earlierReports, report];
	const imported = all.reduce((sum, r) => sum + r.stats.submitted, 0);
	const already = imported
		? ` ${imported} item(s) in earlier requests were already imported (task ids: ${all.flatMap((r) => r.stats.taskIds).join(', ')}); re-running imports them again.`
		: ' Nothing was imported.';

	const failedBatch = report.batches.find((b) => b.error);
	if (failedBatch?.error) {
		const { batch, error } = failedBatch;
		const first = batch.itemIndexes[0];
		const last = batch.itemIndexes[batch.itemIndexes.length - 1];
		return new NodeApiError(context.getNode(), { message: error.message, code: error.code ?? null } as JsonObject, {
			message: `${error.message} (request ${batch.number}, items ${first} to ${last})`,
			description: `${error.description ?? ''}${already}`.trim(),
			itemIndex: first,
			httpCode: error.httpStatus !== undefined ? String(error.httpStatus) : undefined,
		});
	}
	const firstProblem = report.items.find((item) => item.status === 'failed')?.problem ?? report.problems[0];
	const others = report.problems.length - 1;
	return new NodeOperationError(context.getNode(), describeProblem(firstProblem), {
		itemIndex: firstProblem.itemIndex,
		description: `Rule: ${firstProblem.rule}.${others > 0 ? ` ${others} other problem(s) were found too.` : ''} Nothing was sent for this table. Fix the input, or turn on "Continue On Fail" to import the valid items and get the others as errors.${
			earlierReports.length ? already : ''
		}`,
	});
}

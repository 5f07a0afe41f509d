import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ImportReport, ItemOutcome } from '../../core/report';

/** One output item per input item: the submitted ones with their task id, the others as error items. */
export function toOutputItems(context: IExecuteFunctions, reports: ImportReport[]): INodeExecutionData[] {
	const outcomes = reports.flatMap((report) => report.items).sort((a, b) => a.itemIndex - b.itemIndex);
	return outcomes.map((outcome) => {
		const pairedItem = { item: outcome.itemIndex };
		if (outcome.status === 'submitted') {
			return { json: { taskId: outcome.taskId, batch: outcome.batchNumber, values: outcome.record }, pairedItem };
		}
		const error = new NodeOperationError(context.getNode(), messageOf(outcome), { itemIndex: outcome.itemIndex });
		return {
			json: {
				error: error.message,
				rule: outcome.problem?.rule ?? 'notSent',
				...(outcome.problem?.field !== undefined ? { field: outcome.problem.field } : {}),
				itemIndex: outcome.itemIndex,
				...(outcome.batchNumber !== undefined ? { batch: outcome.batchNumber } : {}),
			},
			error,
			pairedItem,
		};
	});
}

function messageOf(outcome: ItemOutcome): string {
	if (outcome.problem) return `Item ${outcome.itemIndex}: ${outcome.problem.message}`;
	return `Item ${outcome.itemIndex} was not sent because an earlier request failed`;
}

/**
 * The error thrown when the node does not continue on fail: the first failure in input order,
 * saying what had already been imported so nobody re-runs blindly into duplicates.
 */
export function failureToThrow(context: IExecuteFunctions, report: ImportReport, earlierReports: ImportReport[]) {
	const imported =
		earlierReports.reduce((sum, r) => sum + r.stats.submitted, 0) + report.stats.submitted;
	const already = imported
		? ` ${imported} item(s) in earlier requests were already imported (task ids: ${[...earlierReports.flatMap((r) => r.stats.taskIds), ...report.stats.taskIds].join(', ')}); re-running imports them again.`
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
	return new NodeOperationError(context.getNode(), `Item ${firstProblem.itemIndex}: ${firstProblem.message}`, {
		itemIndex: firstProblem.itemIndex,
		description: `Rule: ${firstProblem.rule}${firstProblem.field !== undefined ? `, field "${firstProblem.field}"` : ''}.${
			others > 0 ? ` ${others} other problem(s) were found too.` : ''
		} Nothing was sent for this table. Fix the input, or turn on "Continue On Fail" to import the valid items and get the others as errors.${
			earlierReports.length ? already : ''
		}`,
	});
}

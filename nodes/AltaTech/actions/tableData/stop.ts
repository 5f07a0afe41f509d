import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AcceptedOutcome, Outcome } from '../../core/bulk/outcome';
import { describeItems, describeProblem, failureDetails, itemMessages, runMessages } from '../../core/messages';
import type { WriteReport } from '../../core/report';
import { RULES } from '../../core/rules';
import type { TaskStatus } from '../../core/track';
import { apiError } from '../../transport';

type AnyReport = WriteReport<unknown, unknown>;

/** Requests that failed as requests (not refusals of their records, which are the records' failures). */
const failedRequests = (report: AnyReport) => report.outcomes.filter((o) => o.kind === 'failed' || o.kind === 'replyLost');

/** Without Continue On Fail the node stops on a failed request, and on invalid records unless told to skip them. */
export function mustStop(report: AnyReport, failOnInvalidRecord: boolean): boolean {
	return failedRequests(report).length > 0 || report.stats.notSent > 0 || (failOnInvalidRecord && report.stats.failed > 0);
}

/** How the stopping error tells what is already in the table. */
export interface WrittenSoFar {
	/** An accepted request's import task, for writes that import later. */
	taskIdOf?(outcome: AcceptedOutcome<unknown, unknown>): string;
	statuses?: Map<string, TaskStatus>;
}

/**
 * What is already in the table, for the error that stops the node. With task statuses, only
 * finished tasks count as imported; the items of tasks still running may yet be. Without them,
 * accepted imports are said to be accepted: their tasks may still fail.
 */
function writtenSoFar(reports: AnyReport[], { taskIdOf, statuses }: WrittenSoFar): string {
	const imported = { items: 0, taskIds: [] as string[] };
	const unfinished = { items: 0, taskIds: [] as string[] };
	let written = 0;
	for (const report of reports) {
		const failed = new Set(report.failures.map((f) => f.itemIndex));
		for (const outcome of report.outcomes) {
			if (outcome.kind !== 'accepted') continue;
			const items = outcome.batch.itemIndexes.filter((itemIndex) => !failed.has(itemIndex)).length;
			if (!items) continue;
			if (!taskIdOf) {
				written += items;
				continue;
			}
			const taskId = taskIdOf(outcome);
			const into = !statuses || statuses.get(taskId)?.status === 'AVAILABLE' ? imported : unfinished;
			into.items += items;
			into.taskIds.push(taskId);
		}
	}
	const unknown = reports.reduce((sum, r) => sum + r.failures.filter((f) => RULES[f.rule].mayBeStored).length, 0);
	// Updates and deletes find their records by a unique value or id: running them again is safe.
	if (!taskIdOf) {
		if (!written && !unknown) return runMessages.nothingWritten();
		return runMessages.matchedRerun([written ? runMessages.written(written) : '', unknown ? runMessages.maybeWritten(unknown) : ''].filter(Boolean));
	}
	if (!imported.items && !unfinished.items && !unknown) return runMessages.nothingImported();
	const parts = [
		imported.items ? (statuses ? runMessages.imported(imported.items, imported.taskIds) : runMessages.accepted(imported.items, imported.taskIds)) : '',
		unfinished.items ? runMessages.unfinished(unfinished.items, unfinished.taskIds) : '',
		unknown ? runMessages.maybeStored(unknown) : '',
	];
	return runMessages.rerunWarning(parts.filter(Boolean));
}

/**
 * The error thrown when the node does not continue on fail: a failed request of `report`, else
 * the first failed item in input order over all reports, saying what was already written so
 * nobody re-runs blindly into duplicates.
 */
export function failureToThrow(context: IExecuteFunctions, report: AnyReport, otherReports: AnyReport[], soFar: WrittenSoFar = {}) {
	const reports = [...otherReports, report];
	const written = writtenSoFar(reports, soFar);
	// The request that stopped the run first: parts held back because of it come after.
	const requests = failedRequests(report) as Array<Extract<Outcome<unknown, unknown>, { kind: 'failed' | 'replyLost' }>>;
	const failedRequest = requests.find((o) => o.kind === 'failed') ?? requests.find((o) => o.kind === 'replyLost' && !o.heldBack) ?? requests[0];
	if (failedRequest?.failure) {
		const { batch, failure } = failedRequest;
		// A lost reply says so: whether the request's records are in is unknown.
		const message = failedRequest.kind === 'replyLost' ? itemMessages.replyLost(failure, failedRequest.retries + 1) : failure.message;
		return apiError(context, failure, {
			message: runMessages.failedRequest(message, report.tableId, batch.number, describeItems(batch.itemIndexes)),
			description: `${failureDetails(failure)} ${written}`.trim(),
			itemIndex: batch.itemIndexes[0],
		});
	}
	const failed = reports.flatMap((r) => r.failures.filter((problem) => problem.rule !== 'notSent'));
	const first = failed.reduce((earliest, problem) => (problem.itemIndex < earliest.itemIndex ? problem : earliest));
	const advice = RULES[first.rule].decidedBy === 'server' ? runMessages.serverAdvice() : runMessages.nodeAdvice();
	return new NodeOperationError(context.getNode(), describeProblem(first), {
		itemIndex: first.itemIndex,
		description: `${runMessages.othersFailed(failed.length - 1).trim()} ${written} ${advice}`.trim(),
	});
}

/** A one-line account of the run for n8n's output pane, when there is more to say than "done". */
export function summaryHint(reports: AnyReport[]): string | undefined {
	const sum = (key: 'written' | 'failed' | 'requests' | 'extraRequests') => reports.reduce((n, r) => n + r.stats[key], 0);
	const ignored = reports.reduce((n, r) => n + r.ignoredFields.size, 0);
	if (!sum('failed') && !sum('extraRequests') && !ignored) return undefined;
	return runMessages.summary(sum('written'), sum('requests'), sum('failed'), sum('extraRequests'), ignored);
}

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { importRecordsEndpoint, type ImportReply } from '../../core/endpoints/importRecords';
import { describeRequest, readMessages, runMessages } from '../../core/messages';
import { importPreparer } from '../../core/pipeline';
import { applyTaskResults, waitForTasks, type ImportReport, type TaskStatus } from '../../core/track';
import type { TableRecord } from '../../core/types';
import { fetchImportStatuses } from '../../transport/importStatus';
import { batchSummary, recordItems, requestItems, taskFields, withIgnoredFields } from './output';
import { failureToThrow, mustStop } from './stop';
import { endRun, runWrite, type WriteSpec } from './write';

const taskIdOf = (outcome: { accepted: { reply: unknown } }) => (outcome.accepted.reply as ImportReply).taskId;

const importSpec: WriteSpec<TableRecord, ImportReply> = {
	name: 'add',
	collect: { columns: true },
	preparer: (table, _input, settings) => importPreparer(table, settings.unknownFields),
	endpoint: (tableId, table, settings) =>
		importRecordsEndpoint({ tableId, recordFormat: settings.recordFormat, batchSize: settings.batchSize, hasUniqueColumns: table.fields.some((f) => f.unique) }),
	taskIdOf,
};

export async function add(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const run = await runWrite(this, importSpec);
	if (run.kind === 'done') return run.output;
	const { session, settings, failOnInvalidRecord } = run;
	const reports: ImportReport[] = run.reports;

	let statuses: Map<string, TaskStatus> | undefined;
	if (settings.waitForCompletion) {
		const taskIds = reports.flatMap((r) => r.outcomes.flatMap((o) => (o.kind === 'accepted' ? [o.accepted.reply.taskId] : [])));
		statuses = await waitForTasks(taskIds, {
			fetchStatuses: async (ids, timeLeftMs) => await fetchImportStatuses(session, ids, timeLeftMs),
			timeoutMs: settings.waitTimeoutSeconds * 1000,
			sleep: session.clock.sleep,
			isCancelled: session.isCancelled,
		});
		if (session.isCancelled()) return [];
		for (const [index, report] of reports.entries()) reports[index] = applyTaskResults(report, statuses);
		const stopping = this.continueOnFail() ? -1 : reports.findIndex((report) => mustStop(report, failOnInvalidRecord));
		if (stopping >= 0) throw failureToThrow(this, reports[stopping], reports.filter((_, i) => i !== stopping), { taskIdOf, statuses });
	}
	endRun(this, 'add', reports, run.started);
	// Without the wait, "accepted" is all the node knows: the output pane says so.
	const accepted = statuses ? 0 : reports.reduce((n, r) => n + r.stats.written, 0);
	if (accepted) this.addExecutionHints?.({ message: runMessages.importsNotWaited(accepted), location: 'outputPane' });
	if (settings.outputMode === 'batches') {
		return requestItems(reports, (outcome, report) => {
			const { taskId } = outcome.accepted.reply;
			const task = statuses?.get(taskId);
			if (task?.status === 'FAIL') {
				const resent = outcome.afterLostReply ? `. ${runMessages.resentNote()}` : '';
				const reason = runMessages.taskFailed(task.taskId, task.failDetail[0]?.reason ?? readMessages.noReasonGiven());
				return { error: `${describeRequest(outcome.batch.number, outcome.batch.itemIndexes, report.tableId)}: ${reason}${resent}` };
			}
			return withTaskFields({ taskId, tableId: report.tableId, ...batchSummary(outcome.batch) }, task, outcome.afterLostReply);
		});
	}
	return recordItems(this, reports, (itemIndex, record, outcome, report) => {
		const { taskId } = outcome.accepted.reply;
		const json = withIgnoredFields({ taskId, batch: outcome.batch.number, values: record }, report, itemIndex);
		return withTaskFields(json, statuses?.get(taskId), outcome.afterLostReply);
	});
}

/** The task's fields, if it was looked up, and every note: a task's own note never hides the one about a re-send. */
function withTaskFields(json: IDataObject, task: TaskStatus | undefined, resent: boolean): IDataObject {
	if (task) Object.assign(json, taskFields(task));
	const notes = [resent ? runMessages.resentNote() : '', task?.note ?? ''].filter(Boolean);
	if (notes.length) json.note = notes.join(' ');
	return json;
}

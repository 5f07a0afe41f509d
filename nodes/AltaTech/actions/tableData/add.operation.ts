import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { endpointOptions } from '../../core/bulk/endpoint';
import { runBulk } from '../../core/bulk/engine';
import { importRecordsEndpoint, type ImportReply } from '../../core/endpoints/importRecords';
import { describeRequest, runMessages } from '../../core/messages';
import { importPreparer, planWrite, type WritePlan } from '../../core/pipeline';
import { buildReport } from '../../core/report';
import { readWithRetries } from '../../core/retry';
import { applyTaskResults, waitForTasks, type ImportReport, type TaskStatus } from '../../core/track';
import type { ItemProblem, TableRecord } from '../../core/types';
import { apiError } from '../../transport';
import { fetchImportStatuses } from '../../transport/importStatus';
import { fetchTableSchema, type TableInfo } from '../../transport/tableSchema';
import { collectRows, readAddSettings } from './addInput';
import { batchSummary, dryRunItems, errorItem, recordItems, requestItems } from './output';
import { openSession } from './session';
import { failureToThrow, mustStop, summaryHint } from './stop';
import { taskFields } from './taskFields';

type ImportPlan = WritePlan<TableRecord> & { table: TableInfo };

const taskIdOf = (outcome: { accepted: { reply: unknown } }) => (outcome.accepted.reply as ImportReply).taskId;

export async function add(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	if (this.getInputData().length === 0) return [];
	const started = Date.now();
	const settings = readAddSettings(this);
	const continueOnFail = this.continueOnFail();
	const { tables: inputs, withoutTable } = collectRows(this);
	const session = await openSession(this, { timeoutMs: settings.timeoutMs, retry: { maxRetries: settings.maxRetries, baseDelayMs: settings.retryDelayMs } });

	// Every table's schema first, once per execution: a table that is missing or closed to this
	// key fails before any record is sent.
	const reports: ImportReport[] = [];
	// Items whose Table ID expression gave no table: errors of their own, like a table's invalid records.
	if (withoutTable.length) reports.push(buildReport(withoutTable));
	const plans = new Map<string, ImportPlan>();
	for (const [tableId, input] of inputs) {
		const schema = await readWithRetries(async () => await fetchTableSchema(session.client, tableId), session.retry, session.sleep);
		if (schema.ok) {
			const preparer = importPreparer(schema.body, settings.unknownFields);
			const limits = importRecordsEndpoint({ tableId, recordFormat: settings.recordFormat, batchSize: settings.batchSize, hasUniqueColumns: false }).limits;
			plans.set(tableId, { ...planWrite(input, preparer.prepare, limits, preparer.release, input.problems), table: schema.body });
			// The plan holds what is sent; the table's input lists need not outlive it.
			inputs.delete(tableId);
			continue;
		}
		const message = `${schema.failure.message} (table "${tableId}")`;
		if (!continueOnFail) throw apiError(this, schema.failure, { message, description: runMessages.nothingImported() });
		const problems: ItemProblem[] = input.itemIndexes.map((itemIndex) => ({ itemIndex, rule: 'table', message }));
		reports.push(buildReport([...input.problems, ...problems]));
	}
	if (settings.dryRun) return [...dryRunItems(plans), ...reports.flatMap((r) => r.failures.map((problem) => errorItem(this, problem)))];

	const failOnInvalidRecord = !continueOnFail && settings.onInvalidRecord === 'fail';
	// An invalid record in any table stops the run before the first request to any table.
	if (failOnInvalidRecord && (withoutTable.length || [...plans.values()].some((p) => p.problems.length))) {
		const notSent = [...plans.values()].flatMap((p) => p.batches.map((batch) => ({ kind: 'notSent' as const, batch })));
		throw failureToThrow(this, buildReport([...withoutTable, ...[...plans.values()].flatMap((p) => p.problems)], notSent), []);
	}
	for (const [tableId, plan] of plans) {
		const endpoint = importRecordsEndpoint({
			tableId,
			recordFormat: settings.recordFormat,
			batchSize: settings.batchSize,
			hasUniqueColumns: plan.table.fields.some((f) => f.unique),
		});
		const result = await runBulk(plan.batches, {
			...endpointOptions(endpoint, session.post),
			stopOnFailure: !continueOnFail,
			stopOnRefusal: failOnInvalidRecord,
			concurrency: settings.concurrency,
			intervalMs: settings.batchIntervalMs,
			retry: session.retry,
			clock: session.clock,
			isCancelled: session.isCancelled,
			onRequest: (outcome) => {
				const result = outcome.kind === 'accepted' ? `accepted, task ${outcome.accepted.reply.taskId}` : outcome.kind;
				const timing = 'retries' in outcome ? outcome : { retries: 0, durationMs: 0 };
				const { batch } = outcome;
				// Figures only, never the records' data.
				this.logger.debug(runMessages.requestLog(tableId, batch.number, plan.batches.length, batch.records.length, batch.bytes, timing.durationMs, timing.retries, result));
			},
		});
		const report: ImportReport = { ...buildReport(plan.problems, result.outcomes, plan.ignoredFields, result.stats), tableId };
		reports.push(report);
		if (session.isCancelled()) return [];
		if (!continueOnFail && mustStop(report, failOnInvalidRecord)) throw failureToThrow(this, report, reports.slice(0, -1), { taskIdOf });
	}

	let statuses: Map<string, TaskStatus> | undefined;
	if (settings.waitForCompletion) {
		const taskIds = reports.flatMap((r) => r.outcomes.flatMap((o) => (o.kind === 'accepted' ? [o.accepted.reply.taskId] : [])));
		statuses = await waitForTasks(taskIds, {
			fetchStatuses: async (ids, timeLeftMs) =>
				await fetchImportStatuses(session.client, ids, async (read) => await readWithRetries(read, session.retry, session.sleep, timeLeftMs), timeLeftMs),
			timeoutMs: settings.waitTimeoutSeconds * 1000,
			sleep: session.sleep,
			isCancelled: session.isCancelled,
		});
		if (session.isCancelled()) return [];
		for (const [index, report] of reports.entries()) reports[index] = applyTaskResults(report, statuses);
		const stopping = continueOnFail ? -1 : reports.findIndex((report) => mustStop(report, failOnInvalidRecord));
		if (stopping >= 0) throw failureToThrow(this, reports[stopping], reports.filter((_, i) => i !== stopping), { taskIdOf, statuses });
	}
	const hint = summaryHint(reports);
	if (hint) this.addExecutionHints?.({ message: hint, location: 'outputPane' });
	const stats = reports.reduce((sum, r) => ({ written: sum.written + r.stats.written, failed: sum.failed + r.stats.failed, requests: sum.requests + r.stats.requests }), { written: 0, failed: 0, requests: 0 });
	this.logger.info(runMessages.runLog('add', stats.written, stats.failed, stats.requests, Date.now() - started));
	if (settings.outputMode === 'batches') {
		return requestItems(reports, (outcome, report) => {
			const task = statuses?.get(outcome.accepted.reply.taskId);
			const note = outcome.afterLostReply ? { note: runMessages.resentNote() } : {};
			if (task?.status === 'FAIL') return { error: requestFailedTask(outcome, report.tableId, task) };
			return { taskId: outcome.accepted.reply.taskId, tableId: report.tableId, ...batchSummary(outcome.batch), ...note, ...(task ? taskFields(task) : {}) };
		});
	}
	return recordItems(this, reports, (itemIndex, record, outcome, report) => {
		const taskId = outcome.accepted.reply.taskId;
		const ignored = report.ignoredFields.get(itemIndex);
		const task = statuses?.get(taskId);
		return {
			taskId,
			batch: outcome.batch.number,
			values: record,
			...(ignored ? { ignoredFields: ignored } : {}),
			...(outcome.afterLostReply ? { note: runMessages.resentNote() } : {}),
			...(task ? taskFields(task) : {}),
		};
	});
}

function requestFailedTask(outcome: { batch: { number: number; itemIndexes: number[] }; afterLostReply: boolean }, tableId: string | undefined, task: TaskStatus): string {
	const reason = task.failDetail[0]?.reason ?? 'no reason given';
	const resent = outcome.afterLostReply ? `. ${runMessages.resentNote()}` : '';
	return `${describeRequest(outcome.batch.number, outcome.batch.itemIndexes, tableId)}: ${runMessages.taskFailed(task.taskId, reason)}${resent}`;
}

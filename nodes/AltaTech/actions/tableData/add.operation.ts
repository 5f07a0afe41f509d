import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { readWithRetries } from '../../core/retry';
import { applyTaskResults, waitForTasks, type TaskStatus } from '../../core/track';
import { planImport, runImport, type ImportPlan } from '../../core/pipeline';
import { buildReport, type ImportReport } from '../../core/report';
import { API_MAX_CSV_BYTES, type ItemProblem } from '../../core/types';
import { apiError, createApiClient } from '../../transport';
import { fetchImportStatuses } from '../../transport/importStatus';
import { fetchTableSchema, type TableInfo } from '../../transport/tableSchema';
import { collectRows, readAddSettings, type AddSettings, type TableInput } from './addInput';
import { createImportSender } from './importRequests';
import { batchItems, dryRunItems, failureToThrow, mustStop, OutputItems, summaryHint } from './itemResults';

export async function add(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	if (this.getInputData().length === 0) return [];
	const settings = readAddSettings(this);
	const continueOnFail = this.continueOnFail();
	const { tables: inputs, withoutTable } = collectRows(this);
	const client = await createApiClient(this, { timeoutMs: settings.timeoutMs });
	const retry = { maxRetries: settings.maxRetries, baseDelayMs: settings.retryDelayMs };

	// Every table's schema first, once per execution: a table that is missing or closed to this
	// key fails before any record is sent.
	const reports: ImportReport[] = [];
	// Items whose Table ID expression gave no table: errors of their own, like a table's invalid records.
	if (withoutTable.length) reports.push(buildReport(withoutTable, []));
	const plans = new Map<string, ImportPlan>();
	for (const [tableId, input] of inputs) {
		const schema = await readWithRetries(async () => await fetchTableSchema(client, tableId), retry, sleep);
		if (schema.ok) {
			plans.set(tableId, plan(input, schema.body, settings));
			// The plan holds what is sent; the table's input lists need not outlive it.
			inputs.delete(tableId);
			continue;
		}
		const message = `${schema.failure.message} (table "${tableId}")`;
		if (!continueOnFail) throw apiError(this, schema.failure, { message, description: 'Nothing was imported.' });
		const problems = input.itemIndexes.map((itemIndex) => ({ itemIndex, rule: 'table', message }));
		reports.push(buildReport([...input.problems, ...problems], []));
	}
	const outputs = new OutputItems(this.getInputData().length);
	// The items of tables that could not be read, as errors; a dry run plans the others.
	if (settings.dryRun) return [...dryRunItems(plans), ...outputs.finish(reports)];

	const failOnInvalidRecord = !continueOnFail && settings.onInvalidRecord === 'fail';
	// An invalid record in any table stops the run before the first request to any table.
	const unsent = failOnInvalidRecord ? unsentIfAnyInvalid(plans, withoutTable) : undefined;
	if (unsent) throw failureToThrow(this, unsent, []);
	for (const [tableId, tablePlan] of plans) {
		const sender = createImportSender(this, client, tableId, settings.recordFormat);
		const report = await runImport(tablePlan, {
			failOnInvalidRecord,
			stopOnRequestError: !continueOnFail,
			retry,
			concurrency: settings.concurrency,
			intervalMs: settings.batchIntervalMs,
			sleep,
			now: Date.now,
			submit: sender.submit,
			onRequestDone: (outcome, total) => {
				sender.logRequest(outcome, total);
				// Built while the next request is in flight, not after the last one.
				if (settings.outputMode === 'records') sender.whileInFlight(() => outputs.addAccepted(outcome, tablePlan.ignoredFields));
			},
		});
		report.tableId = tableId;
		reports.push(report);
		if (!continueOnFail && mustStop(report, failOnInvalidRecord)) throw failureToThrow(this, report, reports.slice(0, -1));
	}

	let statuses: Map<string, TaskStatus> | undefined;
	if (settings.waitForCompletion) {
		const taskIds = reports.flatMap((r) => r.stats.taskIds);
		statuses = await waitForTasks(taskIds, {
			fetchStatuses: async (ids, timeLeftMs) =>
				await fetchImportStatuses(client, ids, (read) => readWithRetries(read, retry, sleep, timeLeftMs), timeLeftMs),
			timeoutMs: settings.waitTimeoutSeconds * 1000,
			sleep,
		});
		for (const [index, report] of reports.entries()) reports[index] = applyTaskResults(report, statuses);
		const stopping = continueOnFail ? -1 : reports.findIndex((report) => mustStop(report, failOnInvalidRecord));
		if (stopping >= 0) throw failureToThrow(this, reports[stopping], reports.filter((_, i) => i !== stopping), statuses);
	}
	const hint = summaryHint(reports);
	if (hint) this.addExecutionHints?.({ message: hint, location: 'outputPane' });
	return settings.outputMode === 'batches' ? batchItems(reports, statuses) : outputs.finish(reports, statuses);
}

/**
 * All tables as one report, nothing sent, when some table has an invalid record or some item
 * names no table (the error names the first in input order).
 */
function unsentIfAnyInvalid(plans: Map<string, ImportPlan>, withoutTable: ItemProblem[]): ImportReport | undefined {
	const all = [...plans.values()];
	if (!withoutTable.length && !all.some((p) => p.problems.length)) return undefined;
	const notSent = all.flatMap((p) => p.batches.map((batch) => ({ batch, notSent: true })));
	return buildReport([...withoutTable, ...all.flatMap((p) => p.problems)], notSent);
}

function plan(input: TableInput, table: TableInfo, settings: AddSettings): ImportPlan {
	return planImport(
		input,
		{ schema: table, unknownFields: settings.unknownFields, batchSize: settings.batchSize, maxCsvBytes: API_MAX_CSV_BYTES },
		input.problems,
	);
}

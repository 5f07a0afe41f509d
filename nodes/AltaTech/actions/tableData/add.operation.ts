import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { apiFailure } from '../../core/apiErrors';
import { readWithRetries } from '../../core/retry';
import { applyTaskResults, waitForTasks, type TaskStatus } from '../../core/track';
import { planImport, runImport, type ImportPlan } from '../../core/pipeline';
import { buildReport, type ImportReport } from '../../core/report';
import type { SubmitResult } from '../../core/send';
import { API_MAX_CSV_BYTES, type Batch, type BatchOutcome, type TableRecord } from '../../core/types';
import { apiError, createApiClient, type ApiClient } from '../../transport';
import { fetchImportStatuses } from '../../transport/importStatus';
import { fetchTableSchema, type TableInfo } from '../../transport/tableSchema';
import { collectRows, readAddSettings, sourceRows, type AddSettings, type RecordFormat, type TableInput } from './addInput';
import { batchItems, dryRunItems, failureToThrow, mustStop, summaryHint, toOutputItems } from './itemResults';

export async function add(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	if (this.getInputData().length === 0) return [];
	const settings = readAddSettings(this);
	const continueOnFail = this.continueOnFail();
	const inputs = collectRows(this);
	const client = await createApiClient(this, { timeoutMs: settings.timeoutMs });
	const retry = { maxRetries: settings.maxRetries, baseDelayMs: settings.retryDelayMs };

	// Every table's schema first, once per execution: a table that is missing or closed to this
	// key fails before any record is sent.
	const reports: ImportReport[] = [];
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
	if (settings.dryRun) return [...dryRunItems(plans), ...toOutputItems(reports)];

	const failOnInvalidRecord = !continueOnFail && settings.onInvalidRecord === 'fail';
	for (const [tableId, tablePlan] of plans) {
		const report = await runImport(tablePlan, {
			failOnInvalidRecord,
			stopOnRequestError: !continueOnFail,
			retry,
			concurrency: settings.concurrency,
			intervalMs: settings.batchIntervalMs,
			sleep,
			now: Date.now,
			submit: async (batch) => await submitBatch(client, tableId, batch, settings.recordFormat),
			onRequestDone: (outcome, total) => logRequest(this, tableId, outcome, total),
		});
		reports.push(report);
		if (!continueOnFail && mustStop(report, failOnInvalidRecord)) throw failureToThrow(this, report, reports.slice(0, -1));
	}

	let statuses: Map<string, TaskStatus> | undefined;
	if (settings.waitForCompletion) {
		const taskIds = reports.flatMap((r) => r.stats.taskIds);
		statuses = await waitForTasks(taskIds, {
			fetchStatuses: async (ids) => await fetchImportStatuses(client, ids, (read) => readWithRetries(read, retry, sleep)),
			timeoutMs: settings.waitTimeoutSeconds * 1000,
			sleep,
		});
		for (const [index, report] of reports.entries()) {
			reports[index] = applyTaskResults(report, statuses);
			if (!continueOnFail && mustStop(reports[index], failOnInvalidRecord)) {
				throw failureToThrow(this, reports[index], reports.filter((_, i) => i !== index));
			}
		}
	}
	const hint = summaryHint(reports);
	if (hint) this.addExecutionHints?.({ message: hint, location: 'outputPane' });
	return settings.outputMode === 'batches' ? batchItems(reports, statuses) : toOutputItems(reports);
}

function plan(input: TableInput, table: TableInfo, settings: AddSettings): ImportPlan {
	return planImport(
		sourceRows(input),
		{ schema: table, unknownFields: settings.unknownFields, batchSize: settings.batchSize, maxCsvBytes: API_MAX_CSV_BYTES },
		input.problems,
	);
}

/** Smaller batches are measured in no time; a pause for them would only add latency. */
const MEASURE_WHILE_SENDING = 100;

async function submitBatch(client: ApiClient, tableId: string, batch: Batch, format: RecordFormat): Promise<SubmitResult> {
	const records = format === 'values' ? batch.records.map((values: TableRecord) => ({ values })) : batch.records;
	const pending = client.request<{ data?: unknown }>('POST', '/v1/database/import/records', {
		table_id: tableId,
		records,
	});
	if (batch.records.length >= MEASURE_WHILE_SENDING) {
		// Two timer turns let the connection open and the body go out; the batch's CSV size (for
		// the log line) is then measured while the server works on it, not on the import's time.
		pending.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
		await sleep(0);
		await sleep(0);
		void batch.csvBytes;
	}
	const result = await pending;
	if (!result.ok) return { failure: result.failure };
	const { data } = result.body;
	const taskId = Array.isArray(data) ? data[0] : data;
	if (typeof taskId !== 'string') {
		// Accepted without a task id: the rows may be in, so say so rather than look like a plain failure.
		return { failure: apiFailure({ message: 'AltaTech accepted the request but returned no task id; check the table before re-running' }) };
	}
	return { taskId };
}

function logRequest(context: IExecuteFunctions, tableId: string, outcome: BatchOutcome, total: number) {
	const { batch } = outcome;
	const result = outcome.taskId !== undefined ? `accepted, task ${outcome.taskId}` : `failed: ${outcome.error?.message}`;
	// Figures only, never the records' data (nor, since errors are built from responses, the key).
	context.logger.info(
		`AltaTech: table ${tableId}, batch ${batch.number} of ${total}: ${batch.records.length} records, ${batch.csvBytes} CSV bytes, ${outcome.durationMs ?? 0} ms, ${outcome.retries ?? 0} retries, ${result}`,
	);
}

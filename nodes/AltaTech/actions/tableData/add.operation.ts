import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiFailure } from '../../core/apiErrors';
import { runImport } from '../../core/pipeline';
import type { SubmitResult } from '../../core/send';
import type { ImportReport } from '../../core/report';
import { API_MAX_CSV_BYTES, API_MAX_RECORDS, type Batch, type SourceRow, type TableRecord } from '../../core/types';
import { createApiClient, type ApiClient } from '../../transport';
import { failureToThrow, toOutputItems } from './itemResults';

type RecordFormat = 'values' | 'flat';

interface AddOptions {
	batchSize?: number;
	recordFormat?: RecordFormat;
}

export async function add(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	if (items.length === 0) return [];

	const options = this.getNodeParameter('options', 0, {}) as AddOptions;
	const batchSize = options.batchSize ?? API_MAX_RECORDS;
	if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > API_MAX_RECORDS) {
		throw new NodeOperationError(this.getNode(), `Batch Size must be a whole number from 1 to ${API_MAX_RECORDS}, not ${batchSize}`);
	}
	const recordFormat: RecordFormat = options.recordFormat ?? 'values';
	const stopOnError = !this.continueOnFail();

	const rowsByTable = collectRows.call(this, items.length);
	const client = await createApiClient(this);
	const reports: ImportReport[] = [];
	for (const [tableId, rows] of rowsByTable) {
		const report = await runImport(rows, {
			batchSize,
			maxCsvBytes: API_MAX_CSV_BYTES,
			stopOnError,
			submit: async (batch) => await submitBatch(client, tableId, batch, recordFormat),
			onBatchDone: (outcome, total) =>
				this.logger.debug(`AltaTech: batch ${outcome.batch.number} of ${total} for table ${tableId}`, {
					records: outcome.batch.records.length,
					csvBytes: outcome.batch.csvBytes,
					ok: outcome.taskId !== undefined,
				}),
		});
		reports.push(report);
		if (stopOnError && (report.stats.failed > 0 || report.stats.notSent > 0)) {
			throw failureToThrow(this, report, reports.slice(0, -1));
		}
	}
	return toOutputItems(reports);
}

/**
 * Reads each item's table and values. The table ID is evaluated once when it is a fixed
 * string, and per item only when it is an expression (it may then differ between items).
 */
function collectRows(this: IExecuteFunctions, itemCount: number): Map<string, SourceRow[]> {
	const rawTableId = this.getNode().parameters.tableId;
	const tableIdIsExpression = typeof rawTableId === 'string' && rawTableId.startsWith('=');
	const fixedTableId = tableIdIsExpression ? '' : String(this.getNodeParameter('tableId', 0, '')).trim();
	const autoMap = this.getNodeParameter('columns.mappingMode', 0) === 'autoMapInputData';
	const items = this.getInputData();

	const rowsByTable = new Map<string, SourceRow[]>();
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const tableId = tableIdIsExpression ? String(this.getNodeParameter('tableId', itemIndex, '')).trim() : fixedTableId;
		if (!tableId) {
			throw new NodeOperationError(this.getNode(), 'Table ID is empty: enter the ID of the data table', { itemIndex });
		}
		const fields = autoMap
			? items[itemIndex].json
			: ((this.getNodeParameter('columns.value', itemIndex, {}) as IDataObject | null) ?? {});
		let rows = rowsByTable.get(tableId);
		if (!rows) rowsByTable.set(tableId, (rows = []));
		rows.push({ itemIndex, fields });
	}
	return rowsByTable;
}

async function submitBatch(client: ApiClient, tableId: string, batch: Batch, format: RecordFormat): Promise<SubmitResult> {
	const records = format === 'values' ? batch.records.map((values: TableRecord) => ({ values })) : batch.records;
	const result = await client.request<{ data?: unknown }>('POST', '/v1/database/import/records', {
		table_id: tableId,
		records,
	});
	if (!result.ok) return { failure: result.failure };
	const { data } = result.body;
	const taskId = Array.isArray(data) ? data[0] : data;
	if (typeof taskId !== 'string') {
		// Accepted without a task id: the rows may be in, so say so rather than look like a plain failure.
		return { failure: apiFailure({ message: 'AltaTech accepted the request but returned no task id; check the table before re-running' }) };
	}
	return { taskId };
}

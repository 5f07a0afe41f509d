import { apiFailure } from '../apiErrors';
import type { Endpoint } from '../bulk/endpoint';
import { CsvSizeMeter } from '../csv';
import { requestMessages } from '../messages';
import { API_MAX_CSV_BYTES, API_MAX_RECORDS, type TableRecord } from '../types';

export type RecordFormat = 'values' | 'flat';

export interface ImportReply {
	taskId: string;
}

/**
 * `POST /v1/database/import/records`: at most 1000 records, whose CSV (as the server builds it)
 * is at most 10 MB. The server answers with a task id and imports later.
 */
export function importRecordsEndpoint(options: {
	tableId: string;
	recordFormat: RecordFormat;
	batchSize?: number;
	/** With unique columns a re-send cannot store a row twice: the server refuses the repeat. */
	hasUniqueColumns: boolean;
}): Endpoint<TableRecord, ImportReply> {
	return {
		path: '/v1/database/import/records',
		limits: { maxRecords: options.batchSize ?? API_MAX_RECORDS, maxBytes: API_MAX_CSV_BYTES, newMeter: (maxBytes) => new CsvSizeMeter(maxBytes) },
		body: (batch) => ({
			table_id: options.tableId,
			records: options.recordFormat === 'values' ? batch.records.map((values) => ({ values })) : batch.records,
		}),
		readReply(body) {
			// The task id comes as `data` (text, or a list of one); any envelope is optional.
			const data = (body as { data?: unknown } | undefined)?.data;
			const taskId = Array.isArray(data) ? data[0] : data;
			if (typeof taskId === 'string' && taskId) return { ok: true, accepted: { reply: { taskId } } };
			// Accepted without a task id: the rows may be in, so never a plain failure.
			return { ok: false, failure: apiFailure({ outcomeUnknown: true, message: requestMessages.noTaskId() }) };
		},
		resendAfterLostReply: options.hasUniqueColumns,
	};
}

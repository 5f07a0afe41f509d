import type { Endpoint } from '../bulk/endpoint';
import type { CellValue } from '../types';
import { jsonLimits, unclearReply } from './updateRecords';

/** One record to delete: by its id or by one unique column's value. */
export interface DeleteEntry {
	record_id?: string;
	filter?: Record<string, CellValue>;
}

const DELETE_MAX_RECORDS = 1000;

/**
 * `POST /v2/database/delete/record`: at most 1000 entries; the reply says no more than OK.
 * Deleting again deletes nothing more, so a re-send after a lost reply is safe.
 */
export function deleteRecordsEndpoint(options: { tableId: string }): Endpoint<DeleteEntry, null> {
	const body = (records: DeleteEntry[]) => ({ table_id: options.tableId, delete_data: records });
	return {
		path: '/v2/database/delete/record',
		// No body limit is published for deletes; the update endpoint's keeps requests reasonable.
		limits: jsonLimits(DELETE_MAX_RECORDS, body([])),
		body: (batch) => body(batch.records),
		// The reply is `{code: 0, message}`; an empty or other body says nothing of what was deleted.
		readReply: (body) => (body && typeof body === 'object' && !Array.isArray(body) ? { ok: true, accepted: { reply: null } } : unclearReply()),
		resendAfterLostReply: true,
	};
}

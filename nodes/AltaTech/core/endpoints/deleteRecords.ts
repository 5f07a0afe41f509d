import { apiFailure } from '../apiErrors';
import type { Endpoint } from '../bulk/endpoint';
import { requestMessages } from '../messages';
import type { CellValue } from '../types';
import { JsonSizeMeter, UPDATE_MAX_BYTES } from './updateRecords';

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
		limits: { maxRecords: DELETE_MAX_RECORDS, maxBytes: UPDATE_MAX_BYTES, newMeter: (maxBytes) => new JsonSizeMeter(maxBytes, body([])) },
		body: (batch) => body(batch.records),
		// The reply is `{code: 0, message}`; an empty or other body says nothing of what was deleted.
		readReply: (body) =>
			body && typeof body === 'object' && !Array.isArray(body)
				? { ok: true, accepted: { reply: null } }
				: { ok: false, failure: apiFailure({ outcomeUnknown: true, message: requestMessages.writeReplyUnclear() }) },
		resendAfterLostReply: true,
	};
}

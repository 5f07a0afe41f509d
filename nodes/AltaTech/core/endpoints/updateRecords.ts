import { apiFailure } from '../apiErrors';
import type { Endpoint } from '../bulk/endpoint';
import type { RecordRefusal } from '../bulk/outcome';
import type { RequestLimits, SizeMeter } from '../bulk/plan';
import { cellText } from '../csv';
import { readMessages, requestMessages } from '../messages';
import { countOf, fieldOf, payloadOf } from '../replies';
import type { CellValue, TableRecord } from '../types';

/** One record to write: found by its id or by one unique column's value. */
export interface UpdateEntry {
	record_id?: string;
	filter?: Record<string, CellValue>;
	updated_fields: TableRecord;
}

export interface UpdateReply {
	successCount?: number;
	failCount?: number;
}

const UPDATE_MAX_RECORDS = 100;
export const UPDATE_MAX_BYTES = 5 * 1024 * 1024;

/** How an entry is named in the reply's fail_detail: by its record id, or its filter's column and value. */
function entryKey(entry: { record_id?: unknown; filter?: unknown }): string | undefined {
	if (entry.record_id !== undefined && entry.record_id !== null && entry.record_id !== '') return `id:${String(entry.record_id)}`;
	if (!entry.filter || typeof entry.filter !== 'object') return undefined;
	const [column, value] = Object.entries(entry.filter)[0] ?? [];
	return column === undefined ? undefined : `${column}=${cellText(value as CellValue)}`;
}

/** A request's JSON body in bytes, as sent: `emptyBody` is the body with its list of entries empty. */
export class JsonSizeMeter<R> implements SizeMeter<R> {
	bytes: number;
	private entries = 0;
	constructor(
		private readonly maxBytes: number,
		emptyBody: object,
	) {
		this.bytes = Buffer.byteLength(JSON.stringify(emptyBody));
	}
	tryAdd(record: R): boolean {
		const bytes = this.bytes + Buffer.byteLength(JSON.stringify(record)) + (this.entries ? 1 : 0);
		if (bytes > this.maxBytes) return false;
		this.bytes = bytes;
		this.entries++;
		return true;
	}
}

/** A JSON write's limits, with the update endpoint's byte limit (see JsonSizeMeter for `emptyBody`). */
export const jsonLimits = <R>(maxRecords: number, emptyBody: object): RequestLimits<R> => ({ maxRecords, maxBytes: UPDATE_MAX_BYTES, newMeter: (maxBytes) => new JsonSizeMeter(maxBytes, emptyBody) });

/** A 2xx reply that does not say the records were written: they may be, so never a plain failure. */
export const unclearReply = () => ({ ok: false as const, failure: apiFailure({ outcomeUnknown: true, message: requestMessages.writeReplyUnclear() }) });

/**
 * The reply's fail_detail matched back to the batch's records. A failure the reply does not
 * place (no id or filter, or one not in the batch) leaves every record it could be as "maybe
 * not written": an item is never told it was written when it may not have been.
 */
function refusalsOf({ successCount, failCount = 0 }: UpdateReply, details: unknown[], records: UpdateEntry[]): RecordRefusal[] {
	const failures = Math.max(failCount, details.length);
	// Successes and failures that do not add up to the records sent leave the others unaccounted for too.
	const unaccounted = successCount !== undefined && successCount + failures < records.length;
	if (!failures && !unaccounted) return [];
	const positions = new Map<string, number>();
	records.forEach((entry, position) => positions.set(entryKey(entry) ?? '', position));
	const refusals: RecordRefusal[] = [];
	const placed = new Set<number>();
	for (const detail of details) {
		const data = fieldOf(detail, 'upsert_data', 'update_data') as { record_id?: unknown; filter?: unknown } | undefined;
		const key = data ? entryKey(data) : undefined;
		const position = key === undefined ? undefined : positions.get(key);
		const reason = String(fieldOf(detail, 'fail_reason', 'reason') ?? readMessages.noReasonGiven());
		if (position !== undefined && !placed.has(position)) {
			placed.add(position);
			refusals.push({ position, reason });
		}
	}
	if (failures > placed.size || unaccounted) {
		const reason = requestMessages.unplacedFailures(records.length, successCount, failures, placed.size);
		records.forEach((_, position) => {
			if (!placed.has(position)) refusals.push({ position, reason, maybe: true });
		});
	}
	return refusals;
}

/**
 * `POST /v2/database/update/record`: at most 100 records and 5 MB. `is_create` turns it into an
 * upsert. Writing the same values again changes nothing, so a re-send after a lost reply is safe.
 */
export function updateRecordsEndpoint(options: { tableId: string; create: boolean }): Endpoint<UpdateEntry, UpdateReply> {
	const body = (records: UpdateEntry[]) => ({ table_id: options.tableId, is_create: options.create, update_data: records });
	return {
		path: '/v2/database/update/record',
		limits: jsonLimits(UPDATE_MAX_RECORDS, body([])),
		body: (batch) => body(batch.records),
		readReply(body, batch) {
			const reply = payloadOf(body);
			if (!reply || typeof reply !== 'object' || Array.isArray(reply)) return unclearReply();
			const counts = { successCount: countOf(fieldOf(reply, 'success_count', 'successCount')), failCount: countOf(fieldOf(reply, 'fail_count', 'failCount')) };
			const details = fieldOf(reply, 'fail_detail', 'failDetail');
			// A reply with no count and no fail_detail (`{code: 0}`, `{}`) does not say the records were written.
			if (counts.successCount === undefined && counts.failCount === undefined && !Array.isArray(details)) return unclearReply();
			return { ok: true, accepted: { reply: counts, refusedRecords: refusalsOf(counts, Array.isArray(details) ? details : [], batch.records) } };
		},
		resendAfterLostReply: true,
	};
}

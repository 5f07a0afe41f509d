import type { TableField, TableSchema } from '../core/types';
import { apiFailure, type ApiResult } from '../core/apiErrors';
import { readMessages } from '../core/messages';
import { payloadOf } from '../core/replies';
import type { ApiClient } from './index';

export interface TableInfo extends TableSchema {
	id: string;
}

const TYPES = new Set<TableField['type']>(['TEXT', 'INT', 'FLOAT', 'DATETIME', 'BOOLEAN']);

/** The only published way to learn a table's columns: read one page of its records. */
export async function fetchTableSchema(client: ApiClient, tableId: string): Promise<ApiResult<TableInfo>> {
	const result = await client.request<unknown>('POST', '/v1/database/records/page', { table_id: tableId, page: 1, page_size: 1 });
	if (!result.ok) return result;
	// Wrapped in {code, message, data} on some published pages, bare on others: both are read.
	const info = (payloadOf(result.body) as { table_info?: { id?: string; fields?: TableField[] } } | undefined)?.table_info;
	if (!info || typeof info !== 'object' || !Array.isArray(info.fields)) {
		// Read as "no columns", the node would skip its checks and send what a typed table refuses.
		// A read changes nothing, so it is retried like a failed one.
		return { ok: false, failure: apiFailure({ retryable: true, message: readMessages.noTableInfo() }) };
	}
	return {
		ok: true,
		body: {
			id: info.id ?? tableId,
			fields: info.fields.map((field) => ({
				name: String(field.name),
				// An unknown type is treated as text rather than refusing the whole table.
				type: TYPES.has(field.type) ? field.type : 'TEXT',
				required: field.required === true,
				unique: field.unique === true,
			})),
		},
	};
}

import type { TableField, TableSchema } from '../core/types';
import type { ApiClient, ApiResult } from './index';

export interface TableInfo extends TableSchema {
	id: string;
	name: string;
}

interface RecordsPage {
	data?: { table_info?: { id?: string; name?: string; fields?: TableField[] } };
}

const TYPES = new Set<TableField['type']>(['TEXT', 'INT', 'FLOAT', 'DATETIME', 'BOOLEAN']);

/** The only published way to learn a table's columns: read one page of its records. */
export async function fetchTableSchema(client: ApiClient, tableId: string): Promise<ApiResult<TableInfo>> {
	const result = await client.request<RecordsPage>('POST', '/v1/database/records/page', { table_id: tableId, page: 1, page_size: 1 });
	if (!result.ok) return result;
	const info = result.body.data?.table_info ?? {};
	return {
		ok: true,
		body: {
			id: info.id ?? tableId,
			name: info.name ?? '',
			fields: (info.fields ?? []).map((field) => ({
				name: String(field.name),
				// An unknown type is treated as text rather than refusing the whole table.
				type: TYPES.has(field.type) ? field.type : 'TEXT',
				required: field.required === true,
				unique: field.unique === true,
			})),
		},
	};
}

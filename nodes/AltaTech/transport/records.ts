import type { IDataObject } from 'n8n-workflow';

import { apiFailure, type ApiResult } from '../core/apiErrors';
import { readMessages } from '../core/messages';
import { countOf, fieldOf, payloadOf } from '../core/replies';
import type { CellValue, TableField, TableSchema } from '../core/types';
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

export const RECORDS_PAGE_SIZE = 100;

/** A stored record as the node outputs it. */
export interface StoredRecord {
	recordId: string;
	createdAt?: string;
	updatedAt?: string;
	values: Record<string, unknown>;
}

export interface RecordsQuery {
	tableId: string;
	/** One unique column equal to a value: the only filter the API takes. */
	filter?: Record<string, CellValue>;
	keyword?: string;
}

/** Epoch milliseconds (number or numeric text) as ISO text; other text as it is. */
function isoTime(value: unknown): string | undefined {
	const ms = countOf(value);
	if (ms !== undefined) return new Date(ms).toISOString();
	return typeof value === 'string' && value ? value : undefined;
}

/** `POST /v1/database/records/page`: one page of a table's records (the reply wrapped or bare). */
export async function fetchRecordsPage(client: ApiClient, query: RecordsQuery, page: number): Promise<ApiResult<{ records: StoredRecord[]; total?: number }>> {
	const body: IDataObject = { table_id: query.tableId, page, page_size: RECORDS_PAGE_SIZE };
	if (query.filter) body.filter = query.filter;
	if (query.keyword) body.keyword = query.keyword;
	const result = await client.request<unknown>('POST', '/v1/database/records/page', body);
	if (!result.ok) return result;
	const reply = payloadOf(result.body);
	const records = fieldOf(reply, 'records');
	if (!Array.isArray(records)) {
		return { ok: false, failure: apiFailure({ retryable: true, message: readMessages.recordsNotAList() }) };
	}
	return {
		ok: true,
		body: {
			records: records.map((raw: Record<string, unknown>) => ({
				recordId: String(raw.id ?? raw.record_id ?? ''),
				createdAt: isoTime(fieldOf(raw, 'created_at', 'createdAt')),
				updatedAt: isoTime(fieldOf(raw, 'updated_at', 'updatedAt')),
				values: (fieldOf(raw, 'value', 'values') as Record<string, unknown> | undefined) ?? {},
			})),
			total: countOf(fieldOf(reply, 'total_count', 'totalCount')),
		},
	};
}

export interface TableSummary {
	id: string;
	name: string;
	recordCount?: number;
}

/**
 * The agent's tables, for the table picker: `GET /v1/bot/detail` gives the agent behind the
 * key, `POST /v1/database/tables/page` lists its tables.
 */
export async function fetchTables(client: ApiClient): Promise<ApiResult<TableSummary[]>> {
	const agent = await client.request<unknown>('GET', '/v1/bot/detail');
	if (!agent.ok) return agent;
	const agentId = fieldOf(payloadOf(agent.body), 'bot_id', 'botId', 'id');
	if (typeof agentId !== 'string' || !agentId) return { ok: false, failure: apiFailure({ message: readMessages.noAgent() }) };
	const listed = await client.request<unknown>('POST', '/v1/database/tables/page', { agent_id: agentId });
	if (!listed.ok) return listed;
	const tables = fieldOf(payloadOf(listed.body), 'tables', 'list');
	if (!Array.isArray(tables)) return { ok: false, failure: apiFailure({ message: readMessages.tablesNotAList() }) };
	return {
		ok: true,
		body: tables.map((table: Record<string, unknown>) => ({
			id: String(fieldOf(table, 'table_id', 'id') ?? ''),
			name: String(table.name ?? ''),
			recordCount: countOf(fieldOf(table, 'record_count', 'recordCount')),
		})),
	};
}

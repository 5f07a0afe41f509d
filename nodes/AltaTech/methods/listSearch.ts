import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { settingMessages } from '../core/messages';
import { createApiClient } from '../transport';
import { fetchTables } from '../transport/records';

/**
 * The agent's tables for the Table picker, with their record counts, filtered by the search
 * text. Where listing fails (a data centre without the endpoint), the error says why and that
 * By ID still works.
 */
export async function searchTables(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await createApiClient(this);
	const result = await fetchTables(client);
	if (!result.ok) {
		throw new NodeOperationError(this.getNode(), settingMessages.listTablesFailed(result.failure.message));
	}
	const search = filter?.trim().toLowerCase();
	const tables = search ? result.body.filter((t) => t.name.toLowerCase().includes(search) || t.id.toLowerCase().includes(search)) : result.body;
	return {
		results: tables.map((table) => ({
			name: table.recordCount !== undefined ? `${table.name || table.id} (${table.recordCount.toLocaleString('en-US')} records)` : table.name || table.id,
			value: table.id,
		})),
	};
}

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { deepCopy, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { settingMessages } from '../../core/messages';
import { READ_RETRIES, readWithRetries } from '../../core/retry';
import { apiError } from '../../transport';
import { fetchRecordsPage, RECORDS_PAGE_SIZE, type RecordsQuery } from '../../transport/records';
import { tableIdAt } from './addInput';
import { openSession } from './session';

/** What one input item asks for. */
function queryOf(context: IExecuteFunctions, itemIndex: number): { query: RecordsQuery; limit: number } {
	const tableId = tableIdAt(context, itemIndex);
	if (!tableId) throw new NodeOperationError(context.getNode(), settingMessages.tableIdEmpty(), { itemIndex });
	const options = context.getNodeParameter('options', itemIndex, {}) as { filterColumn?: string; filterValue?: unknown; keyword?: string };
	const filterColumn = options.filterColumn?.trim();
	if (filterColumn && (options.filterValue === undefined || options.filterValue === '')) {
		throw new NodeOperationError(context.getNode(), settingMessages.filterValueEmpty(filterColumn), { itemIndex });
	}
	// A value without its column would be dropped without a word, and every record returned.
	if (!filterColumn && options.filterValue !== undefined && options.filterValue !== '') {
		throw new NodeOperationError(context.getNode(), settingMessages.filterColumnEmpty(), { itemIndex });
	}
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (context.getNodeParameter('limit', itemIndex, 50) as number);
	const query: RecordsQuery = { tableId };
	if (filterColumn) query.filter = { [filterColumn]: options.filterValue as string };
	if (options.keyword) query.keyword = options.keyword;
	return { query, limit };
}

/**
 * Get Many Records: for each input item, its table's records (one unique column equal to a
 * value, or a keyword search, as the API allows), 100 a page, up to the limit. One output item
 * per record: its id and times, and its values as top-level fields (column names are lower
 * case, so the camelCase keys never collide).
 */
export async function getMany(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	if (!items.length) return [];
	const session = await openSession(this, { timeoutMs: 120_000, retry: READ_RETRIES });
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length && !session.isCancelled(); itemIndex++) {
		try {
			const { query, limit } = queryOf(this, itemIndex);
			let count = 0;
			for (let page = 1; count < limit && !session.isCancelled(); page++) {
				const result = await readWithRetries(async () => await fetchRecordsPage(session.client, query, page), session.retry, session);
				if (!result.ok) throw apiError(this, result.failure, { message: `${result.failure.message} (table "${query.tableId}")`, itemIndex });
				const { records, total } = result.body;
				for (const record of records.slice(0, limit - count)) {
					const json: IDataObject = { ...(record.values as IDataObject), recordId: record.recordId, createdAt: record.createdAt, updatedAt: record.updatedAt };
					output.push({ json, pairedItem: { item: itemIndex } });
				}
				count += records.length;
				if (records.length < RECORDS_PAGE_SIZE || (total !== undefined && page * RECORDS_PAGE_SIZE >= total)) break;
			}
		} catch (error) {
			const failure = error instanceof NodeOperationError || error instanceof NodeApiError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			if (!this.continueOnFail()) throw failure;
			// As a write's error items: the input's fields, copied, with the error and the item it belongs to.
			output.push({ json: { ...deepCopy(items[itemIndex].json), error: failure.message, errorItemIndex: itemIndex }, pairedItem: { item: itemIndex } });
		}
	}
	return output;
}

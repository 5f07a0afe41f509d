import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ApiFailure, ApiResult } from '../../core/apiErrors';
import { cellOf, isProblem } from '../../core/map';
import { connectionMessages, describeProblem, settingMessages } from '../../core/messages';
import { READ_RETRIES } from '../../core/retry';
import { convertValue } from '../../core/typing';
import type { CellValue } from '../../core/types';
import { apiError } from '../../transport';
import { fetchRecordsPage, fetchTableSchema, RECORDS_PAGE_SIZE, type RecordsQuery, type TableInfo } from '../../transport/records';
import { tableIdAt } from './addInput';
import { numberOption, type NumberOption } from './numberOption';
import { failedItem } from './output';
import { openSession, type Session } from './session';

/** Limit read as the number options are: text an expression gives, empty for the default, at least 1. */
const LIMIT: Record<'limit', NumberOption> = { limit: { displayName: 'Limit', default: 50, min: 1, max: Number.MAX_SAFE_INTEGER } };

/** A boolean an expression may give as text ("false" would otherwise read as true). */
const isTrue = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() === 'true' : value === true);

/** What one input item asks for. */
function queryOf(context: IExecuteFunctions, itemIndex: number): { query: RecordsQuery; limit: number } {
	const tableId = tableIdAt(context, itemIndex);
	if (!tableId) throw new NodeOperationError(context.getNode(), settingMessages.tableIdEmpty(), { itemIndex });
	const options = context.getNodeParameter('options', itemIndex, {}) as { filterColumn?: string; filterValue?: unknown; keyword?: unknown };
	const filterColumn = options.filterColumn?.trim();
	// An expression may give null or blanks: no value, which the node names rather than the server.
	const noFilterValue = options.filterValue === undefined || options.filterValue === null || String(options.filterValue).trim() === '';
	if (filterColumn && noFilterValue) {
		throw new NodeOperationError(context.getNode(), settingMessages.filterValueEmpty(filterColumn), { itemIndex });
	}
	// A value without its column would be dropped without a word, and every record returned.
	if (!filterColumn && !noFilterValue) {
		throw new NodeOperationError(context.getNode(), settingMessages.filterColumnEmpty(), { itemIndex });
	}
	const returnAll = isTrue(context.getNodeParameter('returnAll', itemIndex, false));
	const limit = returnAll ? Infinity : numberOption(context, LIMIT, 'limit', { limit: context.getNodeParameter('limit', itemIndex, 50) });
	const query: RecordsQuery = { tableId };
	if (filterColumn) query.filter = { [filterColumn]: options.filterValue as string };
	// The API searches text: a number an expression gives is searched as its digits.
	if (options.keyword !== undefined && options.keyword !== null && options.keyword !== '') query.keyword = String(options.keyword);
	return { query, limit };
}

type ReadError = { error: NodeOperationError | NodeApiError; itemMessage: string };

/** A table's columns, read once per execution (a failed read is tried again for the next item). */
type ColumnsOf = (tableId: string) => Promise<ApiResult<TableInfo>>;

function readFailure(context: IExecuteFunctions, failure: ApiFailure, tableId: string, itemIndex: number): ReadError {
	const message = `${failure.message} (table "${tableId}")`;
	// An error item has no description: the server's reason goes into its message.
	const { serverMessage } = failure;
	const itemMessage = serverMessage ? `${message}. ${connectionMessages.serverSaid(serverMessage)}` : message;
	return { error: apiError(context, failure, { message, itemIndex }), itemMessage };
}

/**
 * The filter's value as the table stores it, converted to its column's type as the writes
 * convert values (an ISO date to a DATETIME, "1e3" to an INT): sent as given, it would equal
 * no record, and the read would find nothing without a word.
 */
async function typedFilter(context: IExecuteFunctions, query: RecordsQuery, columnsOf: ColumnsOf, itemIndex: number): Promise<ReadError | undefined> {
	const [[column, given]] = Object.entries(query.filter!);
	const schema = await columnsOf(query.tableId);
	if (!schema.ok) return readFailure(context, schema.failure, query.tableId, itemIndex);
	const field = schema.body.fields.find((f) => f.name === column);
	// The API filters on unique columns only: it says itself what it makes of any other name.
	if (!field?.unique) return undefined;
	const cell = cellOf(given);
	const value = cell === undefined || isProblem(cell) ? undefined : convertValue(cell, field.type);
	if (value === undefined) {
		const shown: CellValue = cell === undefined || isProblem(cell) ? String(given) : cell;
		throw new NodeOperationError(context.getNode(), settingMessages.filterValueNotOfType(shown, field.type, column), { itemIndex });
	}
	query.filter = { [column]: value };
	return undefined;
}

/** The records one input item asks for, as output items, or the error that stopped the read (and its words for an error item). */
async function readRecords(context: IExecuteFunctions, session: Session, columnsOf: ColumnsOf, itemIndex: number): Promise<INodeExecutionData[] | ReadError> {
	const records: INodeExecutionData[] = [];
	try {
		const { query, limit } = queryOf(context, itemIndex);
		const filterFailure = query.filter ? await typedFilter(context, query, columnsOf, itemIndex) : undefined;
		if (filterFailure) return filterFailure;
		for (let page = 1; records.length < limit && !session.isCancelled(); page++) {
			const result = await session.read(async () => await fetchRecordsPage(session.client, query, page));
			if (!result.ok) return readFailure(context, result.failure, query.tableId, itemIndex);
			const { records: pageRecords, total } = result.body;
			for (const record of pageRecords.slice(0, limit - records.length)) {
				const json: IDataObject = { ...(record.values as IDataObject), recordId: record.recordId, createdAt: record.createdAt, updatedAt: record.updatedAt };
				records.push({ json, pairedItem: { item: itemIndex } });
			}
			if (pageRecords.length < RECORDS_PAGE_SIZE || (total !== undefined && page * RECORDS_PAGE_SIZE >= total)) break;
		}
	} catch (caught) {
		const error = caught instanceof NodeOperationError || caught instanceof NodeApiError ? caught : new NodeOperationError(context.getNode(), caught as Error, { itemIndex });
		return { error, itemMessage: error.message };
	}
	return records;
}

/**
 * Get Many Records: for each input item, its table's records (one unique column equal to a
 * value, or a keyword search, as the API allows), 100 a page, up to the limit. One output item
 * per record: its id and times, and its values as top-level fields (column names are lower
 * case, so the camelCase keys never collide). An item whose read fails gives its error item
 * alone, never part of its records.
 */
export async function getMany(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	if (!items.length) return [];
	const session = await openSession(this, { timeoutMs: 120_000, retry: READ_RETRIES });
	const columns = new Map<string, ApiResult<TableInfo>>();
	const columnsOf: ColumnsOf = async (tableId) => {
		const known = columns.get(tableId) ?? (await session.read(async () => await fetchTableSchema(session.client, tableId)));
		if (known.ok) columns.set(tableId, known);
		return known;
	};
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length && !session.isCancelled(); itemIndex++) {
		const read = await readRecords(this, session, columnsOf, itemIndex);
		if (Array.isArray(read)) output.push(...read);
		// A read cut short by a stop is no failure of the item's: the node just ends.
		else if (session.isCancelled()) break;
		else if (this.continueOnFail()) output.push(failedItem(this, itemIndex, describeProblem({ itemIndex, message: read.itemMessage })));
		else throw read.error;
	}
	return output;
}

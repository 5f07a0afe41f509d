import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RecordFormat } from '../../core/endpoints/importRecords';
import { settingMessages } from '../../core/messages';
import type { ItemProblem } from '../../core/rules';
import { API_MAX_RECORDS, type SourceRows, type UnknownFieldPolicy } from '../../core/types';
import { ADD_NUMBER_OPTIONS } from './add.description';
import { givenText, numberOf, numberOption } from './numberOption';

/** What a write reads of its options. */
export type AddSettings = ReturnType<typeof readAddSettings>;

/** Options apply to the whole execution, so they are read once, from the first item. */
export function readAddSettings(context: IExecuteFunctions) {
	const options = context.getNodeParameter('options', 0, {}) as Record<string, unknown> & {
		recordFormat?: RecordFormat;
		onInvalidRecord?: 'fail' | 'skip';
		unknownFields?: UnknownFieldPolicy;
		dryRun?: boolean;
		outputMode?: 'records' | 'batches';
		waitForCompletion?: boolean;
	};
	const option = (name: keyof typeof ADD_NUMBER_OPTIONS) => numberOption(context, ADD_NUMBER_OPTIONS, name, options);
	// Read as the other number options are, but out of range is an error, not brought within it.
	const batchSize = numberOf(options.batchSize, API_MAX_RECORDS);
	if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > API_MAX_RECORDS) {
		throw new NodeOperationError(context.getNode(), settingMessages.batchSize(API_MAX_RECORDS, givenText(options.batchSize)));
	}
	return {
		batchSize,
		recordFormat: options.recordFormat ?? 'values',
		onInvalidRecord: options.onInvalidRecord ?? 'fail',
		unknownFields: options.unknownFields ?? 'fail',
		dryRun: options.dryRun ?? false,
		outputMode: options.outputMode ?? 'records',
		waitForCompletion: options.waitForCompletion ?? false,
		waitTimeoutSeconds: option('waitTimeout'),
		maxRetries: option('maxRetries'),
		retryDelayMs: option('retryDelay'),
		concurrency: option('concurrency'),
		batchIntervalMs: option('batchInterval'),
		timeoutMs: option('timeout') * 1000,
	};
}

/** The items going to one table, the fields each maps to, and the items that could not be read. */
export interface TableInput extends SourceRows {
	/** Items whose mapped values n8n could not produce (e.g. an expression that fails). */
	problems: ItemProblem[];
	/** Per row, the value of the operation's key parameter (a record id, a value to match), when it has one. */
	keys?: unknown[];
}

/** What an operation reads of each item besides its table. */
export interface RowsToCollect {
	/** The Columns mapper's values (or, mapped automatically, the item's fields). */
	columns: boolean;
	/** A parameter read per item into `keys` (a record id, a value to match). */
	key?: string;
}

/**
 * An error's message with n8n's description of it: an expression error often says there what
 * went wrong or how to fix it. The description is written for the editor, so without its HTML.
 */
function withDescription(error: Error & { description?: unknown }): string {
	const description = typeof error.description === 'string' ? error.description.replace(/<[^>]*>/g, '').trim() : '';
	return description && !error.message.includes(description) ? `${error.message}: ${description}` : error.message;
}

/** Whether a column name can be written in a parameter path: no control characters or lone surrogate halves. */
function isPathSafe(column: string): boolean {
	for (let i = 0; i < column.length; i++) {
		const code = column.charCodeAt(i);
		if (code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff)) return false;
	}
	return true;
}

/**
 * An item whose mapped values n8n could not produce: its columns are evaluated one by one to
 * name the one whose expression failed (only on this path: one evaluation for all is faster).
 */
function mappingProblem(context: IExecuteFunctions, itemIndex: number, columns: string[], error: Error): ItemProblem {
	for (const column of columns) {
		// A parameter path cannot name every column (a tab or a line break in its name): those are skipped.
		if (!isPathSafe(column)) continue;
		try {
			context.getNodeParameter(`columns.value[${JSON.stringify(column)}]`, itemIndex, undefined, { skipValidation: true });
		} catch (columnError) {
			return { itemIndex, field: column, rule: 'mapping', message: settingMessages.expressionFailed(withDescription(columnError as Error)) };
		}
	}
	return { itemIndex, rule: 'mapping', message: withDescription(error) };
}

/** The Table of an item: the text (version 1) or the resource locator's value, trimmed. */
export function tableIdAt(context: IExecuteFunctions, itemIndex: number): string {
	return String(context.getNodeParameter('tableId', itemIndex, '', { extractValue: true }) ?? '').trim();
}

/**
 * Reads each item's table and values, grouped by table, and the items that name no table. The
 * table ID is evaluated once when it is a fixed string, and per item only when it is an
 * expression (it may then differ by item).
 */
export function collectRows(context: IExecuteFunctions, collect: RowsToCollect) {
	const items = context.getInputData();
	// Version 1 keeps the table as text; later versions as a resource locator ({ mode, value }).
	const rawParameter = context.getNode().parameters.tableId;
	const rawTableId = rawParameter && typeof rawParameter === 'object' ? (rawParameter as { value?: unknown }).value : rawParameter;
	const tableIdIsExpression = typeof rawTableId === 'string' && rawTableId.startsWith('=');
	const fixedTableId = tableIdIsExpression ? '' : tableIdAt(context, 0);
	if (!tableIdIsExpression && !fixedTableId) {
		throw new NodeOperationError(context.getNode(), settingMessages.tableIdEmpty());
	}
	const autoMap = collect.columns && context.getNodeParameter('columns.mappingMode', 0) === 'autoMapInputData';
	const mapped = (context.getNode().parameters.columns as { value?: object | null } | undefined)?.value;
	if (collect.columns && !autoMap && (!mapped || Object.keys(mapped).length === 0)) {
		// Else every item would fail as a record without values, which hides the cause.
		throw new NodeOperationError(context.getNode(), settingMessages.noColumnMapped(), {
			description: settingMessages.noColumnMappedAdvice(),
		});
	}
	const tables = new Map<string, TableInput>();
	// Items whose Table ID expression failed or gave nothing: they belong to no table.
	const withoutTable: ItemProblem[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let tableId = fixedTableId;
		if (tableIdIsExpression) {
			// An item the expression gives no table for is that item's error: the others still go.
			try {
				tableId = tableIdAt(context, itemIndex);
			} catch (error) {
				withoutTable.push({ itemIndex, rule: 'table', message: settingMessages.tableIdExpressionFailed(withDescription(error as Error)) });
				continue;
			}
			if (!tableId) {
				withoutTable.push({ itemIndex, rule: 'table', message: settingMessages.tableIdExpressionEmpty() });
				continue;
			}
		}
		let input = tables.get(tableId);
		if (!input) tables.set(tableId, (input = { itemIndexes: [], fields: [], problems: [], ...(collect.key ? { keys: [] } : {}) }));
		let key: unknown;
		if (collect.key) {
			try {
				key = context.getNodeParameter(collect.key, itemIndex, '');
			} catch (error) {
				input.problems.push({ itemIndex, field: collect.key, rule: 'mapping', message: settingMessages.expressionFailed(withDescription(error as Error)) });
				continue;
			}
		}
		let fields: IDataObject = autoMap ? items[itemIndex].json : {};
		if (collect.columns && !autoMap) {
			try {
				// Without n8n's validation against the mapper's types, which would turn '' into 0 and
				// shift a DATETIME without a zone into the workflow's time zone: the node converts the values.
				fields = (context.getNodeParameter('columns.value', itemIndex, {}, { skipValidation: true }) as IDataObject | null) ?? {};
			} catch (error) {
				// One item whose expression fails must not sink the others.
				input.problems.push(mappingProblem(context, itemIndex, Object.keys(mapped ?? {}), error as Error));
				continue;
			}
		}
		input.itemIndexes.push(itemIndex);
		input.fields.push(fields);
		input.keys?.push(key);
	}
	return { tables, withoutTable };
}

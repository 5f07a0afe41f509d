import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { API_MAX_RECORDS, type ItemProblem, type SourceRows, type UnknownFieldPolicy } from '../../core/types';

export type RecordFormat = 'values' | 'flat';

export interface AddSettings {
	batchSize: number;
	recordFormat: RecordFormat;
	onInvalidRecord: 'fail' | 'skip';
	unknownFields: UnknownFieldPolicy;
	dryRun: boolean;
	outputMode: 'records' | 'batches';
	waitForCompletion: boolean;
	waitTimeoutSeconds: number;
	maxRetries: number;
	retryDelayMs: number;
	concurrency: number;
	batchIntervalMs: number;
	timeoutMs: number;
}

const within = (value: number | undefined, fallback: number, min: number, max: number) =>
	Math.min(max, Math.max(min, Math.round(value ?? fallback)));

/** Options apply to the whole execution, so they are read once, from the first item. */
export function readAddSettings(context: IExecuteFunctions): AddSettings {
	const options = context.getNodeParameter('options', 0, {}) as Partial<AddSettings> & {
		waitTimeout?: number;
		retryDelay?: number;
		batchInterval?: number;
		timeout?: number;
	};
	const batchSize = options.batchSize ?? API_MAX_RECORDS;
	if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > API_MAX_RECORDS) {
		throw new NodeOperationError(context.getNode(), `Batch Size must be a whole number from 1 to ${API_MAX_RECORDS}, not ${batchSize}`);
	}
	return {
		batchSize,
		recordFormat: options.recordFormat ?? 'values',
		onInvalidRecord: options.onInvalidRecord ?? 'fail',
		unknownFields: options.unknownFields ?? 'fail',
		dryRun: options.dryRun ?? false,
		outputMode: options.outputMode ?? 'records',
		waitForCompletion: options.waitForCompletion ?? false,
		waitTimeoutSeconds: Math.max(1, options.waitTimeout ?? 300),
		maxRetries: within(options.maxRetries, 3, 0, 10),
		retryDelayMs: within(options.retryDelay, 1000, 0, 60_000),
		concurrency: within(options.concurrency, 1, 1, 8),
		batchIntervalMs: within(options.batchInterval, 0, 0, 3_600_000),
		timeoutMs: within(options.timeout, 120, 1, 3600) * 1000,
	};
}

/** The items going to one table, the fields each maps to, and the items that could not be read. */
export interface TableInput extends SourceRows {
	/** Items whose mapped values n8n could not produce (e.g. a value that fails the column's type). */
	problems: ItemProblem[];
}

/**
 * Reads each item's table and values, grouped by table. The table ID is evaluated once when it
 * is a fixed string, and per item only when it is an expression (it may then differ by item).
 */
export function collectRows(context: IExecuteFunctions): Map<string, TableInput> {
	const items = context.getInputData();
	const rawTableId = context.getNode().parameters.tableId;
	const tableIdIsExpression = typeof rawTableId === 'string' && rawTableId.startsWith('=');
	const fixedTableId = tableIdIsExpression ? '' : String(context.getNodeParameter('tableId', 0, '')).trim();
	const autoMap = context.getNodeParameter('columns.mappingMode', 0) === 'autoMapInputData';
	if (autoMap && fixedTableId) {
		// The usual case, one table and the items' own fields: no per-item lookups (up to millions).
		const input: TableInput = { itemIndexes: new Array<number>(items.length), fields: new Array<IDataObject>(items.length), problems: [] };
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			input.itemIndexes[itemIndex] = itemIndex;
			input.fields[itemIndex] = items[itemIndex].json;
		}
		return new Map([[fixedTableId, input]]);
	}

	const byTable = new Map<string, TableInput>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const tableId = tableIdIsExpression ? String(context.getNodeParameter('tableId', itemIndex, '')).trim() : fixedTableId;
		if (!tableId) {
			throw new NodeOperationError(context.getNode(), 'Table ID is empty: enter the ID of the data table', { itemIndex });
		}
		let input = byTable.get(tableId);
		if (!input) byTable.set(tableId, (input = { itemIndexes: [], fields: [], problems: [] }));
		if (autoMap) {
			input.itemIndexes.push(itemIndex);
			input.fields.push(items[itemIndex].json);
			continue;
		}
		try {
			const fields = (context.getNodeParameter('columns.value', itemIndex, {}) as IDataObject | null) ?? {};
			input.itemIndexes.push(itemIndex);
			input.fields.push(fields);
		} catch (error) {
			// n8n checks mapped values against the column types; one bad item must not sink the others.
			input.problems.push({ itemIndex, rule: 'mapping', message: (error as Error).message });
		}
	}
	return byTable;
}

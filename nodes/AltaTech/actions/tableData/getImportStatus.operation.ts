import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readMessages } from '../../core/messages';
import { READ_RETRIES } from '../../core/retry';
import { apiError } from '../../transport';
import { fetchImportStatuses } from '../../transport/importStatus';
import { numberOption } from './numberOption';
import { failedItem, taskFields } from './output';
import { openSession } from './session';
import { STATUS_NUMBER_OPTIONS } from './getImportStatus.description';

/**
 * Ids in text separated by commas or spaces (quotes and brackets too: a list kept as JSON text),
 * numbers, or a list of them (nested lists too); or what else was given (an object would
 * otherwise become the ids "[object" and "Object]").
 */
function idsOf(value: unknown): { ids: string[] } | { notIds: string } {
	const entries = Array.isArray(value) ? value.flat(Infinity) : [value];
	const wrong = entries.find((entry) => entry !== null && entry !== undefined && !['string', 'number', 'bigint'].includes(typeof entry));
	if (wrong !== undefined) return { notIds: typeof wrong === 'object' ? 'an object' : `a ${typeof wrong}` };
	return { ids: entries.flatMap((entry) => String(entry ?? '').split(/[\s,[\]"']+/)).filter(Boolean) };
}

/** One output item per distinct task id, paired to the input items that named it. */
export async function getImportStatus(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const askedBy = new Map<string, IPairedItemData[]>();
	// An item that names no task is said so, not dropped from the output without a word.
	const withoutIds: INodeExecutionData[] = [];
	for (let item = 0; item < items.length; item++) {
		let given: ReturnType<typeof idsOf>;
		try {
			given = idsOf(this.getNodeParameter('taskIds', item));
		} catch (error) {
			// One item's failing expression is that item's error: the others are still looked up.
			if (!this.continueOnFail()) throw error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: item });
			withoutIds.push(failedItem(this, item, readMessages.taskIdsExpressionFailed(item, (error as Error).message)));
			continue;
		}
		const ids = 'ids' in given ? given.ids : [];
		if (!ids.length) {
			const message = 'notIds' in given ? readMessages.taskIdsNotIds(item, given.notIds) : readMessages.noTaskIds(item);
			if (!this.continueOnFail()) throw new NodeOperationError(this.getNode(), message, { itemIndex: item });
			withoutIds.push(failedItem(this, item, message));
		}
		for (const id of ids) {
			if (!askedBy.has(id)) askedBy.set(id, []);
			askedBy.get(id)!.push({ item });
		}
	}
	if (askedBy.size === 0) return withoutIds;

	const timeoutSeconds = numberOption(this, STATUS_NUMBER_OPTIONS, 'timeout', this.getNodeParameter('statusOptions', 0, {}) as IDataObject);
	// One deadline for every read and retry: a server that never answers, or keeps asking to
	// retry later, would otherwise hold the run for each read's Timeout times its retries.
	const deadline = Date.now() + timeoutSeconds * 1000;
	const timeLeftMs = () => deadline - Date.now();
	const session = await openSession(this, { timeoutMs: timeoutSeconds * 1000, retry: READ_RETRIES });
	const taskIds = [...askedBy.keys()];
	const statuses = await fetchImportStatuses(session, taskIds, timeLeftMs);
	if (session.isCancelled()) return [];
	const failure = 'failure' in statuses ? statuses : undefined;
	if (failure && !this.continueOnFail()) {
		const unread = taskIds.filter((id) => failure.unread.has(id));
		const [firstItem] = askedBy.get(unread[0])!;
		throw apiError(this, failure.failure, {
			message: readMessages.statusReadFailed(failure.failure.message, unread, firstItem.item),
			itemIndex: firstItem.item,
		});
	}
	// Ids are read 100 per request: those read before a request failed are still reported.
	const read = 'failure' in statuses ? statuses.partial : statuses;
	const byId = new Map(read.map((status) => [status.taskId, status]));
	const found = [...askedBy].map(([taskId, pairedItem]) => {
		const status = byId.get(taskId);
		if (failure?.unread.has(taskId)) return { json: { error: readMessages.taskReadFailed(taskId, failure.failure.message) }, pairedItem };
		const json = status
			? { taskId, ...taskFields(status) }
			: { taskId, status: 'NOT_FOUND', note: readMessages.unknownTask() };
		return { json, pairedItem };
	});
	return [...found, ...withoutIds];
}

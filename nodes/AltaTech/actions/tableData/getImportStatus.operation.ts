import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { createApiClient, apiError } from '../../transport';
import { fetchImportStatuses } from '../../transport/importStatus';
import { taskFields } from './itemResults';

function idsOf(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\s,]+/);
	return parts.map((id) => id.trim()).filter(Boolean);
}

/** One output item per distinct task id, paired to the input items that named it. */
export async function getImportStatus(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const askedBy = new Map<string, IPairedItemData[]>();
	for (let item = 0; item < items.length; item++) {
		for (const id of idsOf(this.getNodeParameter('taskIds', item))) {
			if (!askedBy.has(id)) askedBy.set(id, []);
			askedBy.get(id)!.push({ item });
		}
	}
	if (askedBy.size === 0) return [];

	const statuses = await fetchImportStatuses(await createApiClient(this), [...askedBy.keys()]);
	if ('failure' in statuses) {
		if (!this.continueOnFail()) throw apiError(this, statuses.failure);
		return [...askedBy].map(([taskId, pairedItem]) => ({ json: { error: `Task ${taskId}: ${statuses.failure.message}` }, pairedItem }));
	}
	const byId = new Map(statuses.map((status) => [status.taskId, status]));
	return [...askedBy].map(([taskId, pairedItem]) => {
		const status = byId.get(taskId);
		const json = status
			? { taskId, ...taskFields(status) }
			: { taskId, status: 'NOT_FOUND', note: 'AltaTech knows no import task with this id (for this API key)' };
		return { json, pairedItem };
	});
}

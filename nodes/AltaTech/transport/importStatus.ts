import { readTaskStatus, type TaskStatus } from '../core/track';
import type { ApiFailure } from '../core/apiErrors';
import type { ApiClient, ApiResult } from './index';

type Reader = <T>(read: () => Promise<ApiResult<T>>) => Promise<ApiResult<T>>;

/** Ids per status request: many ids make a long URL, and servers cap URL length (often 8 KB). */
const IDS_PER_REQUEST = 100;

/** `GET /v1/database/query/import-results?ids=a&ids=b`: a bare array, unknown ids left out. */
export async function fetchImportStatuses(
	client: ApiClient,
	taskIds: string[],
	reader: Reader = async (read) => await read(),
	/** Time left of a wait (Wait for Completion): each read ends by then. */
	timeLeftMs: () => number = () => Infinity,
): Promise<TaskStatus[] | { failure: ApiFailure; partial: TaskStatus[]; unread: Set<string> }> {
	const statuses: TaskStatus[] = [];
	for (let start = 0; start < taskIds.length; start += IDS_PER_REQUEST) {
		const ids = taskIds.slice(start, start + IDS_PER_REQUEST);
		const result = await reader(async () => {
			const left = timeLeftMs();
			if (left <= 0) return { ok: false, failure: { message: 'the wait for the import to finish timed out' } };
			return await client.request<unknown>('GET', '/v1/database/query/import-results', undefined, { ids }, { timeoutMs: left });
		});
		// The chunks read before this one are kept: a wait cut short must not forget what it learned.
		if (!result.ok) return { failure: result.failure, partial: statuses, unread: new Set(taskIds.slice(start)) };
		const list = Array.isArray(result.body) ? (result.body as Array<Record<string, unknown>>) : [];
		statuses.push(...list.map(readTaskStatus));
	}
	return statuses;
}

import { apiFailure, type ApiFailure, type ApiResult } from '../core/apiErrors';
import { readMessages } from '../core/messages';
import { payloadOf } from '../core/replies';
import { readTaskStatus, type TaskStatus } from '../core/track';
import type { ApiClient } from './index';

/** Ids per status request: many ids make a long URL, and servers cap URL length (often 8 KB). */
const IDS_PER_REQUEST = 100;

/** `GET /v1/database/query/import-results?ids=a&ids=b`: a list, unknown ids left out. */
export async function fetchImportStatuses(
	/** The client, and how a read is retried. */
	session: { client: ApiClient; read<T>(read: () => Promise<ApiResult<T>>, timeLeftMs: () => number): Promise<ApiResult<T>> },
	taskIds: string[],
	/** Time left of a wait (Get Import Results, Get Import Status's Timeout): each read ends by then. */
	timeLeftMs: () => number,
): Promise<TaskStatus[] | { failure: ApiFailure; partial: TaskStatus[]; unread: Set<string> }> {
	const statuses: TaskStatus[] = [];
	for (let start = 0; start < taskIds.length; start += IDS_PER_REQUEST) {
		const ids = taskIds.slice(start, start + IDS_PER_REQUEST);
		const result = await session.read(async () => {
			const left = timeLeftMs();
			if (left <= 0) return { ok: false, failure: { message: readMessages.statusTimeRanOut() } };
			const answer = await session.client.request<unknown>('GET', '/v1/database/query/import-results', undefined, { ids }, { timeoutMs: left });
			if (!answer.ok) return answer;
			// A bare list, or one wrapped in {code, message, data}.
			const list = payloadOf(answer.body);
			// Read as an empty list, a reply that is not one would make finished tasks "unknown ids".
			if (!Array.isArray(list)) return { ok: false, failure: notAList(answer.body) };
			return { ok: true, body: list };
		}, timeLeftMs);
		// The chunks read before this one are kept: a wait cut short must not forget what it learned.
		if (!result.ok) return { failure: result.failure, partial: statuses, unread: new Set(taskIds.slice(start)) };
		for (const entry of result.body as unknown[]) if (entry && typeof entry === 'object') statuses.push(readTaskStatus(entry as Record<string, unknown>));
	}
	return statuses;
}

/** A status reply that is not the list of tasks the API returns (an empty body, an object): a failed read, retried. */
function notAList(body: unknown): ApiFailure {
	const what = body === undefined || body === null || body === '' ? 'an empty body' : `a ${typeof body === 'object' ? 'JSON object' : typeof body}`;
	return apiFailure({ retryable: true, message: readMessages.statusNotAList(what) });
}

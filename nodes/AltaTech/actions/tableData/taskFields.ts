import type { TaskStatus } from '../../core/track';

/**
 * How an import task ended, as output fields: the API's status, and a plain reading of it.
 * Counts that disagree (fewer rows added than the task holds, none failed) are read as rows
 * dropped, the way that reports more, as the items' report does.
 */
export function taskFields(task: TaskStatus) {
	const dropped = task.successCount > 0 ? Math.max(task.failCount, task.totalCount - task.successCount) : task.failCount;
	return {
		status: task.status,
		finished: task.status !== 'PENDING_PARSE',
		succeeded: task.status === 'AVAILABLE' && dropped === 0,
		progress: task.progress,
		totalCount: task.totalCount,
		successCount: task.successCount,
		failCount: task.failCount,
		failDetail: task.failDetail,
		...(task.note ? { note: task.note } : {}),
	};
}

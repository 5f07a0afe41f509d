import { droppedRows, type TaskStatus } from '../../core/track';

/**
 * How an import task ended, as output fields: the API's status, and a plain reading of it
 * (succeeded: done and no row dropped, counted as the items' report counts them).
 */
export function taskFields(task: TaskStatus) {
	return {
		status: task.status,
		finished: task.status !== 'PENDING_PARSE',
		succeeded: task.status === 'AVAILABLE' && droppedRows(task, task.totalCount) === 0,
		progress: task.progress,
		totalCount: task.totalCount,
		successCount: task.successCount,
		failCount: task.failCount,
		failDetail: task.failDetail,
		...(task.note ? { note: task.note } : {}),
	};
}

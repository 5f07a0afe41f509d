import { CsvSizeMeter } from '../../nodes/AltaTech/core/csv';
import type { RowReader } from '../../nodes/AltaTech/core/map';
import type { Prepare } from '../../nodes/AltaTech/core/pipeline';
import type { Findings, ItemProblem } from '../../nodes/AltaTech/core/rules';
import type { TaskStatus } from '../../nodes/AltaTech/core/track';
import type { TableRecord } from '../../nodes/AltaTech/core/types';
import type { Validator } from '../../nodes/AltaTech/core/validate';

/** The pipeline's steps run on one item or one list, for tests. */

/** One item through a step of the checks, with what the step found about it. */
function found<T>(itemIndex: number, step: (findings: Findings) => T) {
	const findings: Findings = { problems: [], ignoredFields: new Map() };
	const result = step(findings);
	return { result, problems: findings.problems, ignoredFields: findings.ignoredFields.get(itemIndex) };
}

export function readRow(reader: RowReader, itemIndex: number, fields: Record<string, unknown>) {
	const { result, ...rest } = found(itemIndex, (findings) => reader.read(itemIndex, fields, findings));
	return { record: result, ...rest };
}

export function prepareOne<R>(prepare: Prepare<R>, itemIndex: number, fields: Record<string, unknown>, position = 0) {
	const { result, ...rest } = found(itemIndex, (findings) => prepare(itemIndex, fields, position, findings));
	return { record: result, ...rest };
}

export function validateRecord(validator: Validator, itemIndex: number, record: TableRecord): ItemProblem[] {
	return found(itemIndex, (findings) => validator.validate(itemIndex, record, findings.problems)).problems;
}

/** Exact CSV size of a list of records, as the server builds the file. */
export function csvBytesOf(records: TableRecord[]): number {
	const meter = new CsvSizeMeter();
	for (const record of records) meter.tryAdd(record);
	return meter.bytes;
}

/** An import task's status: still running and empty unless `fields` say otherwise. */
export function taskStatus(taskId: string, fields: Partial<TaskStatus> = {}): TaskStatus {
	return { taskId, status: 'PENDING_PARSE', progress: 0, totalCount: 0, successCount: 0, failCount: 0, failDetail: [], ...fields };
}

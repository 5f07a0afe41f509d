import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { deleteRecordsEndpoint, type DeleteEntry } from '../../core/endpoints/deleteRecords';
import { updateRecordsEndpoint, type UpdateEntry, type UpdateReply } from '../../core/endpoints/updateRecords';
import { deletePreparer, matchColumnProblem, updatePreparer, type Match } from '../../core/matching';
import { settingMessages } from '../../core/messages';
import type { TableInfo } from '../../transport/records';
import { recordItems, withIgnoredFields } from './output';
import { endRun, runWrite, type TableProblem, type WriteSpec } from './write';

/** How the records are found (the mapper's column to match on, a fixed column, or an id per item), or why the table cannot be matched on. */
function matchOf(table: TableInfo, by: 'column' | 'recordId', column: string | undefined): Match | TableProblem {
	if (by === 'recordId') return { by };
	const problem = matchColumnProblem(table, column);
	if (problem) return { tableProblem: settingMessages.cannotMatch(table.id, problem), field: column || undefined };
	return { by, column: table.fields.find((f) => f.name === column)! };
}

/** Which of the record's identity goes in an output item. */
function identity(entry: { record_id?: string; filter?: IDataObject }): IDataObject {
	return entry.record_id !== undefined ? { recordId: entry.record_id } : { matched: entry.filter };
}

/** Runs the write: each written item is output as `fields` of its entry, and the input fields the table does not have. */
async function writeAndOutput<R, A>(context: IExecuteFunctions, spec: WriteSpec<R, A>, fields: (record: R) => IDataObject): Promise<INodeExecutionData[]> {
	const run = await runWrite(context, spec);
	if (run.kind === 'done') return run.output;
	endRun(context, spec.name, run.reports, run.started);
	return recordItems(context, run.reports, (itemIndex, record, _outcome, report) => withIgnoredFields(fields(record), report, itemIndex));
}

/** Create or Update Records: the record with the same value in the column to match on is updated, or added. */
export async function upsert(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await writeUpdates(this, true);
}

/** Update Records: existing records only; one that does not exist is an error item, never created. */
export async function update(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await writeUpdates(this, false);
}

/** Create or Update (`create`) and Update: one entry per item through the update endpoint. */
async function writeUpdates(context: IExecuteFunctions, create: boolean): Promise<INodeExecutionData[]> {
	const by = create || context.getInputData().length === 0 ? 'column' : (context.getNodeParameter('matchBy', 0, 'column') as 'column' | 'recordId');
	const spec: WriteSpec<UpdateEntry, UpdateReply> = {
		name: create ? 'upsert' : 'update',
		collect: { columns: true, ...(by === 'recordId' ? { key: 'recordId' } : {}) },
		preparer: (table, input, settings) => {
			const column = by === 'column' ? (context.getNodeParameter('columns.matchingColumns', 0, []) as string[])[0] : undefined;
			const match = matchOf(table, by, column);
			return 'tableProblem' in match ? match : updatePreparer(table, match, settings.unknownFields, input.keys);
		},
		endpoint: (tableId) => updateRecordsEndpoint({ tableId, create }),
	};
	return await writeAndOutput(context, spec, (entry) => ({ ...identity(entry), values: entry.updated_fields }));
}

/** Delete Records, by a unique column's value or by record id: one entry per item through the delete endpoint. */
export async function deleteRecords(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const by = this.getInputData().length === 0 ? 'column' : (this.getNodeParameter('deleteBy', 0, 'column') as 'column' | 'recordId');
	const spec: WriteSpec<DeleteEntry, null> = {
		name: 'delete',
		collect: { columns: false, key: by === 'recordId' ? 'recordId' : 'matchValue' },
		preparer: (table, input) => {
			const column = by === 'column' ? String(this.getNodeParameter('matchColumn', 0, '')).trim() : undefined;
			const match = matchOf(table, by, column);
			return 'tableProblem' in match ? match : deletePreparer(match, input.keys ?? []);
		},
		endpoint: (tableId) => deleteRecordsEndpoint({ tableId }),
	};
	return await writeAndOutput(this, spec, (entry) => ({ ...identity(entry), deleted: true }));
}

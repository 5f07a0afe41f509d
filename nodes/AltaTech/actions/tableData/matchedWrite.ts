import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateRecordsEndpoint, type UpdateEntry, type UpdateReply } from '../../core/endpoints/updateRecords';
import { matchColumnProblem, updatePreparer, type Match } from '../../core/matching';
import { settingMessages } from '../../core/messages';
import type { TableInfo } from '../../transport/records';
import { recordItems, withIgnoredFields } from './output';
import { endRun, runWrite, type TableProblem, type WriteSpec } from './write';

/** How the records are found (the mapper's column to match on, a fixed column, or an id per item), or why the table cannot be matched on. */
export function matchOf(table: TableInfo, by: 'column' | 'recordId', column: string | undefined): Match | TableProblem {
	if (by === 'recordId') return { by };
	const problem = matchColumnProblem(table, column);
	if (problem) return { tableProblem: settingMessages.cannotMatch(table.id, problem), field: column || undefined };
	return { by, column: table.fields.find((f) => f.name === column)! };
}

/** Which of the record's identity goes in an output item. */
export function identity(entry: { record_id?: string; filter?: IDataObject }): IDataObject {
	return entry.record_id !== undefined ? { recordId: entry.record_id } : { matched: entry.filter };
}

/** Runs the write: each written item is output as `fields` of its entry, and the input fields the table does not have. */
export async function writeAndOutput<R, A>(context: IExecuteFunctions, spec: WriteSpec<R, A>, fields: (record: R) => IDataObject): Promise<INodeExecutionData[]> {
	const run = await runWrite(context, spec);
	if (run.kind === 'done') return run.output;
	endRun(context, spec.name, run.reports, run.started);
	return recordItems(context, run.reports, (itemIndex, record, _outcome, report) => withIgnoredFields(fields(record), report, itemIndex));
}

/** Create or Update (`create`) and Update: one entry per item through the update endpoint. */
export async function writeUpdates(context: IExecuteFunctions, create: boolean): Promise<INodeExecutionData[]> {
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

import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { deleteRecordsEndpoint, type DeleteEntry } from '../../core/endpoints/deleteRecords';
import { deletePreparer } from '../../core/matching';
import { identity, matchOf, writeAndOutput } from './matchedWrite';
import type { WriteSpec } from './write';

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

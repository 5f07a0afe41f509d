import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { writeUpdates } from './matchedWrite';

/** Create or Update Records: the record with the same value in the column to match on is updated, or added. */
export async function upsert(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await writeUpdates(this, true);
}

import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { writeDeletes } from './matchedWrite';

/** Delete Records: by a unique column's value or by record id. */
export async function deleteRecords(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await writeDeletes(this);
}

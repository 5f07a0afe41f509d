import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { writeUpdates } from './matchedWrite';

/** Update Records: existing records only; one that does not exist is an error item, never created. */
export async function update(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await writeUpdates(this, false);
}

import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { settingMessages } from '../core/messages';
import { add } from './tableData/add.operation';
import { deleteRecords } from './tableData/delete.operation';
import { getImportStatus } from './tableData/getImportStatus.operation';
import { getMany } from './tableData/getMany.operation';
import { update } from './tableData/update.operation';
import { upsert } from './tableData/upsert.operation';

type Operation = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, Operation>> = {
	tableData: { add, upsert, update, delete: deleteRecords, getMany, getImportStatus },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation];
	if (!run) throw new NodeOperationError(this.getNode(), settingMessages.operationNotSupported(operation, resource));
	return [await run.call(this)];
}

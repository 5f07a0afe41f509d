import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { tableDataDescription } from './actions/tableData';
import { add } from './actions/tableData/add.operation';
import { getImportStatus } from './actions/tableData/getImportStatus.operation';
import { getMany } from './actions/tableData/getMany.operation';
import { deleteRecords, update, upsert } from './actions/tableData/matchedWrite';
import { settingMessages } from './core/messages';
import { searchTables } from './methods/listSearch';
import { getColumns } from './methods/resourceMapping';

type Operation = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, Operation>> = {
	tableData: { add, upsert, update, delete: deleteRecords, getMany, getImportStatus },
};

export class AltaTech implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AltaTech',
		name: 'altaTech',
		icon: { light: 'file:altatech.svg', dark: 'file:altatech.dark.svg' },
		group: ['output'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle:
			'={{ {"add": "Add Records", "upsert": "Create or Update", "update": "Update Records", "delete": "Delete Records", "getMany": "Get Many Records", "getImportStatus": "Get Import Status"}[$parameter["operation"]] }}',
		description: "Add, update, delete and read the records of an AltaTech agent's data tables",
		defaults: { name: 'AltaTech' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'altaTechApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Table Data', value: 'tableData' }],
				default: 'tableData',
			},
			...tableDataDescription,
		],
	};

	methods = { resourceMapping: { getColumns }, listSearch: { searchTables } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const run = operations[resource]?.[operation];
		if (!run) throw new NodeOperationError(this.getNode(), settingMessages.operationNotSupported(operation, resource));
		return [await run.call(this)];
	}
}

import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions/router';
import { tableDataDescription } from './actions/tableData';
import { searchTables } from './methods/listSearch';
import { getColumns } from './methods/resourceMapping';

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
		return await router.call(this);
	}
}

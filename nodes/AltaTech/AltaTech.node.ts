import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions/router';
import { tableDataDescription } from './actions/tableData';
import { getColumns } from './methods';

export class AltaTech implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AltaTech',
		name: 'altaTech',
		icon: { light: 'file:altatech.svg', dark: 'file:altatech.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ {"add": "Add Records", "getImportStatus": "Get Import Status"}[$parameter["operation"]] }}',
		description: "Add records to an AltaTech agent's data table and check how the imports ended",
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

	methods = { resourceMapping: { getColumns } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

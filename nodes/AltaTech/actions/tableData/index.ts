import type { INodeProperties } from 'n8n-workflow';

import { addDescription } from './add.description';
import { getImportStatusDescription } from './getImportStatus.description';

export const tableDataDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tableData'] } },
		options: [
			{
				name: 'Add Records',
				value: 'add',
				description: "Import the input items as records into an agent's data table",
				action: 'Add records',
			},
			{
				name: 'Get Import Status',
				value: 'getImportStatus',
				description: 'Look up how earlier imports ended, by their task IDs',
				action: 'Get import status',
			},
		],
		default: 'add',
	},
	...addDescription,
	...getImportStatusDescription,
];

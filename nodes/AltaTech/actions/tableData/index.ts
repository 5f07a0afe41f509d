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
				name: 'Add Table Data',
				value: 'add',
				description: 'Add rows to a data table, in batches of up to 1000',
				action: 'Add rows to a data table',
			},
			{
				name: 'Get Import Status',
				value: 'getImportStatus',
				description: 'Look up how earlier imports ended, by task ID',
				action: 'Get the status of import tasks',
			},
		],
		default: 'add',
	},
	...addDescription,
	...getImportStatusDescription,
];

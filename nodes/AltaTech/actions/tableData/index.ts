import type { INodeProperties } from 'n8n-workflow';

import { addDescription } from './add.description';

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
		],
		default: 'add',
	},
	...addDescription,
];

import type { INodeProperties } from 'n8n-workflow';

import { addDescription } from './add.description';
import { getImportStatusDescription } from './getImportStatus.description';
import { getManyDescription } from './getMany.description';
import { tableDescription } from './table.description';
import { writeDescription } from './write.description';

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
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update records',
			},
			{
				name: 'Delete Records',
				value: 'delete',
				description: 'Delete the records the input items name',
				action: 'Delete records',
			},
			{
				name: 'Get Import Status',
				value: 'getImportStatus',
				description: 'Look up how earlier imports ended, by their task IDs',
				action: 'Get import status',
			},
			{
				name: 'Get Many Records',
				value: 'getMany',
				description: "Read a table's records",
				action: 'Get many records',
			},
			{
				name: 'Update Records',
				value: 'update',
				description: 'Update existing records, found by a unique column or their ID',
				action: 'Update records',
			},
		],
		default: 'add',
	},
	...tableDescription,
	...addDescription,
	...writeDescription,
	...getManyDescription,
	...getImportStatusDescription,
];

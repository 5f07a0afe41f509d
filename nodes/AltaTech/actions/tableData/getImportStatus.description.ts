import type { INodeProperties } from 'n8n-workflow';

export const getImportStatusDescription: INodeProperties[] = [
	{
		displayName: 'Task IDs',
		name: 'taskIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 673e9cda9f7bc178002dbd9c',
		description: 'The task IDs that Add Records output, separated by commas or spaces, or a list from an expression',
		displayOptions: { show: { resource: ['tableData'], operation: ['getImportStatus'] } },
	},
	{
		displayName: 'Options',
		name: 'statusOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { resource: ['tableData'], operation: ['getImportStatus'] } },
		options: [
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 3600 },
				default: 60,
				description: 'How long the whole lookup may take, retries included; tasks not read by then come out as errors',
			},
		],
	},
];

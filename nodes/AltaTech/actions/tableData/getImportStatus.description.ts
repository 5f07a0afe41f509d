import type { INodeProperties } from 'n8n-workflow';

export const getImportStatusDescription: INodeProperties[] = [
	{
		displayName: 'Task IDs',
		name: 'taskIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.taskId }} or 673e9cda9f7bc178002dbd9c, 673e9cda9f7bc178002dbd9d',
		description:
			'One or more import task IDs, separated by commas or spaces (an expression may also return a list). Each distinct task is looked up once.',
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
				description: 'How long the whole lookup may take, its retries included (a server asking to retry later gets no more). Task IDs not read by then come out as errors.',
			},
		],
	},
];

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
];

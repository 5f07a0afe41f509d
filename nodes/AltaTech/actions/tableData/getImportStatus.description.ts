import type { INodeProperties } from 'n8n-workflow';

import { numberProperty, type NumberOption } from './numberOption';

/** Read by getImportStatus.operation.ts with this default and these bounds. */
export const STATUS_NUMBER_OPTIONS = {
	timeout: { displayName: 'Timeout (Seconds)', default: 60, min: 1, max: 3600 },
} satisfies Record<string, NumberOption>;

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
			numberProperty(STATUS_NUMBER_OPTIONS, 'timeout', 'How long the whole lookup may take, retries included; tasks not read by then come out as errors'),
		],
	},
];

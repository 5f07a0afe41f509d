import type { INodeProperties } from 'n8n-workflow';

import { API_MAX_RECORDS } from '../../core/types';

const showForAdd = { show: { resource: ['tableData'], operation: ['add'] } };

export const addDescription: INodeProperties[] = [
	{
		displayName: 'Table ID',
		name: 'tableId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 673af861ed69656ac0895b07',
		description: "The ID of the agent's data table to add rows to",
		displayOptions: showForAdd,
	},
	{
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['tableId'],
			resourceMapper: {
				resourceMapperMethod: 'getColumns',
				mode: 'add',
				fieldWords: { singular: 'column', plural: 'columns' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: showForAdd,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showForAdd,
		options: [
			{
				displayName: 'Batch Interval (Ms)',
				name: 'batchInterval',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 3_600_000 },
				default: 0,
				description: 'Least time between the starts of two requests, to stay under a rate limit',
			},
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: API_MAX_RECORDS, numberPrecision: 0 },
				default: API_MAX_RECORDS,
				description:
					'Most records per request (the API takes up to 1000). Batches are also split to keep each under the 10 MB CSV limit.',
			},
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 8 },
				default: 1,
				description: 'Requests sent at the same time (1 to 8). Output order stays the input order.',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to only check and batch the items, sending nothing: outputs what each request would carry (records, CSV bytes, first and last item) and the items that would fail',
			},
			{
				displayName: 'Fields Not in the Table',
				name: 'unknownFields',
				type: 'options',
				options: [
					{ name: 'Fail the Item', value: 'fail', description: 'An input field the table has no column for is an error for its item' },
					{ name: 'Ignore the Field', value: 'ignore', description: 'Leave such fields out; the output item lists them under ignoredFields' },
				],
				default: 'fail',
				description: "What to do with input fields that are not columns of the table (checked against the table's schema)",
			},
			{
				displayName: 'Invalid Records',
				name: 'onInvalidRecord',
				type: 'options',
				options: [
					{
						name: 'Fail Before Sending',
						value: 'fail',
						description:
							'A record that breaks a rule of the table stops the node before anything is sent. A record the server refuses stops it at that request: the error says which items were already imported. With Continue On Fail, invalid records become error items as with Skip Them.',
					},
					{
						name: 'Skip Them',
						value: 'skip',
						description: 'Send the valid records; output the invalid ones as error items (on the error output when enabled)',
					},
				],
				default: 'fail',
				description:
					'What to do when records break a rule of the table (type, required, unique) or are rejected by the server',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10 },
				default: 3,
				description:
					'How often to re-send a request that failed without taking anything (server errors, rate limits, refused connections), with exponential backoff',
			},
			{
				displayName: 'Output',
				name: 'outputMode',
				type: 'options',
				options: [
					{ name: 'One Item per Record', value: 'records', description: 'Each input item comes out with its task ID and the values sent' },
					{
						name: 'One Item per Request',
						value: 'batches',
						description: 'Each request comes out with its task ID, record count, first and last input item and CSV bytes',
					},
				],
				default: 'records',
				description: 'What the node outputs',
			},
			{
				displayName: 'Record Format',
				name: 'recordFormat',
				type: 'options',
				options: [
					{
						name: 'Values Wrapper',
						value: 'values',
						description: 'Each record is sent as {"values": {...}}, as the API page shows',
					},
					{
						name: 'Flat',
						value: 'flat',
						description: 'Each record is the object of values itself (newer API revision)',
					},
				],
				default: 'values',
				description: 'How each record is written in the request body',
			},
			{
				displayName: 'Retry Delay (Ms)',
				name: 'retryDelay',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 30_000 },
				default: 1000,
				description: "Wait before the first retry: a random time between half of it and all of it, so that clients that failed together do not retry together. It doubles with each retry, up to 30 s. A server's Retry-After (up to 5 minutes) is honoured when longer.",
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 3600 },
				default: 120,
				description:
					'How long to wait for an answer to one request. A request that times out (or loses its connection) after it was sent may have been imported: it is reported, not re-sent (unless the table has unique fields).',
			},
			{
				displayName: 'Wait for Completion',
				name: 'waitForCompletion',
				type: 'boolean',
				default: false,
				description:
					'Whether to wait until AltaTech has finished each import and report how it ended (status, success and fail counts, reasons). Rows of a failed import become errors.',
			},
			{
				displayName: 'Wait Timeout (Seconds)',
				name: 'waitTimeout',
				type: 'number',
				displayOptions: { show: { waitForCompletion: [true] } },
				typeOptions: { minValue: 1, maxValue: 604_800 },
				default: 300,
				description:
					'With Wait for Completion: how long to wait (at most a week). Imports still running then are reported as PENDING_PARSE with their task ID, and nothing is re-sent.',
			},
		],
	},
];

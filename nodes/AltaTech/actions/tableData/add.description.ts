import type { INodeProperties } from 'n8n-workflow';

import { API_MAX_RECORDS } from '../../core/types';
import { columnsMapper } from './columns.description';

const showForAdd = { show: { resource: ['tableData'], operation: ['add'] } };

/** A link to the page that explains an option in full: the editor keeps to one line. */
const docsLink = (page: string) => `(<a href="https://github.com/altatech-n8n/n8n-nodes-altatech/blob/main/docs/${page}">details</a>)`;

/**
 * The options' display names are chosen to sort well, because n8n's verification lint wants a
 * collection's options alphabetical (and ignores lint-disable comments): the everyday ones come
 * first, and the request tuning ones, all named "Request ..." or "Retr...", come last together.
 */
export const addDescription: INodeProperties[] = [
	// Shown once there is a table to read the columns of.
	columnsMapper('add', { ...showForAdd, hide: { tableId: [''] } }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showForAdd,
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: API_MAX_RECORDS, numberPrecision: 0 },
				default: API_MAX_RECORDS,
				description: 'Most records per request (up to 1,000); a request is also kept under the 10 MB the API takes',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description: `Whether to check and batch the items without sending anything, to see what each request would carry ${docsLink('options.md#dry-run')}`,
			},
			{
				displayName: 'Fields Not in the Table',
				name: 'unknownFields',
				type: 'options',
				options: [
					{ name: 'Fail the Item', value: 'fail', description: 'The item becomes an error' },
					{ name: 'Ignore the Field', value: 'ignore', description: 'The field is left out and named in the output item' },
				],
				default: 'fail',
				description: 'What to do with input fields that are not columns of the table',
			},
			{
				displayName: 'Get Import Results',
				name: 'waitForCompletion',
				type: 'boolean',
				default: false,
				description: 'Whether to wait until AltaTech has finished each import and output how it ended',
			},
			{
				displayName: 'Import Results Timeout (Seconds)',
				name: 'waitTimeout',
				type: 'number',
				displayOptions: { show: { waitForCompletion: [true] } },
				typeOptions: { minValue: 1, maxValue: 604_800 },
				default: 300,
				description: `How long to wait for the imports to finish; those still running then are output as not finished ${docsLink('import-tracking.md')}`,
			},
			{
				displayName: 'Invalid Records',
				name: 'onInvalidRecord',
				type: 'options',
				options: [
					{
						name: 'Fail Before Sending',
						value: 'fail',
						description: 'Stop the node: a record that breaks a rule of the table stops it before anything is sent',
					},
					{
						name: 'Skip and Output as Errors',
						value: 'skip',
						description: 'Send the valid records; the invalid ones come out as error items',
					},
				],
				default: 'fail',
				description: `What to do with records that break a rule of the table or that AltaTech refuses ${docsLink('failures.md')}`,
			},
			{
				displayName: 'Output',
				name: 'outputMode',
				type: 'options',
				options: [
					{ name: 'Each Input Item', value: 'records', description: 'Each input item, with the task ID of its import and the values sent' },
					{
						name: 'One Summary per Request',
						value: 'batches',
						description: 'One item per request, with its task ID, record count and first and last input item',
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
					{ name: 'Standard', value: 'values', description: "As AltaTech's API documentation shows it" },
					{ name: 'Flat', value: 'flat', description: 'For a server that refuses the standard format' },
				],
				default: 'values',
				description: 'How records are written in a request: change it only if AltaTech refuses every record',
			},
			{
				displayName: 'Request Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 8 },
				default: 1,
				description: 'How many requests to send at the same time (1 to 8); the output keeps the input order',
			},
			{
				displayName: 'Request Interval (Milliseconds)',
				name: 'batchInterval',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 3_600_000 },
				default: 0,
				description: 'Least time between the starts of two requests, to stay under a rate limit',
			},
			{
				displayName: 'Request Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 3600 },
				default: 120,
				description: `How long to wait for the answer to one request ${docsLink('failures.md#lost-replies')}`,
			},
			{
				displayName: 'Retries per Request',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10 },
				default: 3,
				description: "How often to re-send a request that failed without importing anything (n8n's Retry On Fail re-runs the whole node instead)",
			},
			{
				displayName: 'Retry Delay (Milliseconds)',
				name: 'retryDelay',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 30_000 },
				default: 1000,
				description: `Wait before the first retry, doubled for each next one ${docsLink('failures.md#retries')}`,
			},
		],
	},
];

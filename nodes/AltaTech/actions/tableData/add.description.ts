import type { INodeProperties } from 'n8n-workflow';

import { API_MAX_RECORDS } from '../../core/types';
import { columnsMapper } from './columns.description';
import { numberProperty, type NumberOption } from './numberOption';

const showForAdd = { show: { resource: ['tableData'], operation: ['add'] } };

/** A link to the page that explains an option in full: the editor keeps to one line. */
const docsLink = (page: string) => `(<a href="https://github.com/altatech-n8n/n8n-nodes-altatech/blob/main/docs/${page}">details</a>)`;

/** Add's number options (the other writes share some): addInput.ts reads them with these defaults and bounds. */
export const ADD_NUMBER_OPTIONS = {
	// A week at most: an execution waiting longer is better asked again later with Get Import Status.
	waitTimeout: { displayName: 'Import Results Timeout (Seconds)', default: 300, min: 1, max: 604_800 },
	concurrency: { displayName: 'Request Concurrency', default: 1, min: 1, max: 8 },
	batchInterval: { displayName: 'Request Interval (Milliseconds)', default: 0, min: 0, max: 3_600_000 },
	timeout: { displayName: 'Request Timeout (Seconds)', default: 120, min: 1, max: 3600 },
	maxRetries: { displayName: 'Retries per Request', default: 3, min: 0, max: 10 },
	retryDelay: { displayName: 'Retry Delay (Milliseconds)', default: 1000, min: 0, max: 30_000 }, // the longest backoff (core/retry.ts)
} satisfies Record<string, NumberOption>;

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
			numberProperty(
				ADD_NUMBER_OPTIONS,
				'waitTimeout',
				`How long to wait for the imports to finish; those still running then are output as not finished ${docsLink('import-tracking.md')}`,
				{ show: { waitForCompletion: [true] } },
			),
			{
				displayName: 'Invalid Records',
				name: 'onInvalidRecord',
				type: 'options',
				options: [
					{
						name: 'Fail Before Sending',
						value: 'fail',
						description:
							'Stop the node: a record that breaks a rule of the table stops it before anything is sent; one AltaTech refuses stops it at that request',
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
			numberProperty(ADD_NUMBER_OPTIONS, 'concurrency', 'How many requests to send at the same time (1 to 8); the output keeps the input order'),
			numberProperty(ADD_NUMBER_OPTIONS, 'batchInterval', 'Least time between the starts of two requests, to stay under a rate limit'),
			numberProperty(ADD_NUMBER_OPTIONS, 'timeout', `How long to wait for the answer to one request ${docsLink('failures.md#lost-replies')}`),
			numberProperty(ADD_NUMBER_OPTIONS, 'maxRetries', "How often to re-send a request that failed without writing anything (n8n's Retry On Fail re-runs the whole node instead)"),
			numberProperty(ADD_NUMBER_OPTIONS, 'retryDelay', `Wait before the first retry, doubled for each next one ${docsLink('failures.md#retries')}`),
		],
	},
];

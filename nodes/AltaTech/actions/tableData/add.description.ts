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
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: API_MAX_RECORDS },
				default: API_MAX_RECORDS,
				description:
					'Most records per request (the API takes up to 1000). Batches are also split to keep each under the 10 MB CSV limit.',
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
		],
	},
];

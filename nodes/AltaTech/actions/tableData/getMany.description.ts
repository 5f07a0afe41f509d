import type { INodeProperties } from 'n8n-workflow';

const showForGetMany = { show: { resource: ['tableData'], operation: ['getMany'] } };

export const getManyDescription: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: showForGetMany,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...showForGetMany.show, returnAll: [false] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showForGetMany,
		options: [
			{
				displayName: 'Filter Column',
				name: 'filterColumn',
				type: 'string',
				default: '',
				placeholder: 'e.g. email',
				description: 'A unique column: only the record whose value equals Filter Value is returned',
			},
			{
				displayName: 'Filter Value',
				name: 'filterValue',
				type: 'string',
				default: '',
				description: 'The value Filter Column must equal',
			},
			{
				displayName: 'Search Text',
				name: 'keyword',
				type: 'string',
				default: '',
				description: "Text to search for in the records' values (AltaTech's fuzzy search)",
			},
		],
	},
];

import type { INodeProperties } from 'n8n-workflow';

import { addDescription } from './add.description';

const show = (operation: string[], more: Record<string, unknown[]> = {}) => ({ show: { resource: ['tableData'], operation, ...more } });

/** The Columns mapper of a write that finds records by a column's value (n8n's "Columns to Match On"). */
function columnsMapper(mode: 'upsert' | 'update' | 'map', displayOptions: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['tableId', 'tableId.value'],
			resourceMapper: {
				resourceMapperMethod: 'getColumns',
				mode,
				fieldWords: { singular: 'column', plural: 'columns' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
				...(mode === 'map' ? {} : { matchingFieldsLabels: { title: 'Column to Match On', description: 'A unique column: the record with the same value is the one written' } }),
			},
		},
		displayOptions,
	};
}

/** The options a write shares with Add Records. */
const WRITE_OPTIONS = new Set(['dryRun', 'onInvalidRecord', 'concurrency', 'batchInterval', 'timeout', 'maxRetries', 'retryDelay']);
const addOptions = addDescription.find((property) => property.name === 'options')!;

export const writeDescription: INodeProperties[] = [
	columnsMapper('upsert', show(['upsert'])),
	{
		displayName: 'Match By',
		name: 'matchBy',
		type: 'options',
		options: [
			{ name: 'A Unique Column', value: 'column', description: 'Find each record by the value of a unique column' },
			{ name: 'Record ID', value: 'recordId', description: 'Find each record by its ID' },
		],
		default: 'column',
		displayOptions: show(['update']),
	},
	columnsMapper('update', show(['update'], { matchBy: ['column'] })),
	columnsMapper('map', show(['update'], { matchBy: ['recordId'] })),
	{
		displayName: 'Delete By',
		name: 'deleteBy',
		type: 'options',
		options: [
			{ name: 'A Unique Column', value: 'column', description: 'Find each record by the value of a unique column' },
			{ name: 'Record ID', value: 'recordId', description: 'Find each record by its ID' },
		],
		default: 'column',
		displayOptions: show(['delete']),
	},
	{
		displayName: 'Record ID',
		name: 'recordId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 541278230707963208',
		description: 'The ID of the record to write, usually from an expression',
		displayOptions: { show: { resource: ['tableData'], operation: ['update'], matchBy: ['recordId'] } },
	},
	{
		displayName: 'Record ID',
		name: 'recordId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 541278230707963208',
		description: 'The ID of the record to delete, usually from an expression',
		displayOptions: show(['delete'], { deleteBy: ['recordId'] }),
	},
	{
		displayName: 'Column to Match On',
		name: 'matchColumn',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. email',
		description: 'A unique column of the table',
		displayOptions: show(['delete'], { deleteBy: ['column'] }),
	},
	{
		displayName: 'Value to Match',
		name: 'matchValue',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.email }}',
		description: 'The value of that column in the record to delete',
		displayOptions: show(['delete'], { deleteBy: ['column'] }),
	},
	{
		...addOptions,
		displayOptions: show(['upsert', 'update', 'delete']),
		options: addOptions.options!.filter((option) => WRITE_OPTIONS.has((option as INodeProperties).name)),
	},
];

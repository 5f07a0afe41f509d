import type { INodeProperties } from 'n8n-workflow';

/** The operations that work on one table's records. */
const TABLE_OPERATIONS = ['add', 'upsert', 'update', 'delete', 'getMany'];

const shownFor = (version: number) => ({ show: { resource: ['tableData'], operation: TABLE_OPERATIONS, '@version': [version] } });

/** Version 1 takes the table as text; later versions pick it from a list or take its ID. */
export const tableDescription: INodeProperties[] = [
	{
		displayName: 'Table ID',
		name: 'tableId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 673af861ed69656ac0895b07',
		description: "The ID of the agent's data table",
		displayOptions: shownFor(1),
	},
	{
		displayName: 'Table',
		name: 'tableId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: "The agent's data table",
		displayOptions: shownFor(1.1),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Choose a table...',
				typeOptions: { searchListMethod: 'searchTables', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 673af861ed69656ac0895b07',
			},
		],
	},
];

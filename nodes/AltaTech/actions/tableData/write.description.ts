import type { INodeProperties } from 'n8n-workflow';

import { addDescription } from './add.description';
import { columnsMapper } from './columns.description';

const show = (operation: string[], more: Record<string, unknown[]> = {}) => ({ show: { resource: ['tableData'], operation, ...more } });

/** How a write finds each record: by a unique column's value, or by its ID. */
function findBy(name: 'matchBy' | 'deleteBy', displayName: string, operation: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'options',
		options: [
			{ name: 'A Unique Column', value: 'column', description: 'Find each record by the value of a unique column' },
			{ name: 'Record ID', value: 'recordId', description: 'Find each record by its ID' },
		],
		default: 'column',
		displayOptions: show([operation]),
	};
}

/** The record ID parameter, read per item, when records are found by their ID. */
function recordIdOf(operation: string, by: 'matchBy' | 'deleteBy', verb: string): INodeProperties {
	return {
		displayName: 'Record ID',
		name: 'recordId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 541278230707963208',
		description: `The ID of the record to ${verb}, usually from an expression`,
		displayOptions: show([operation], { [by]: ['recordId'] }),
	};
}

/** The options a write shares with Add Records. */
const WRITE_OPTIONS = new Set(['dryRun', 'onInvalidRecord', 'concurrency', 'batchInterval', 'timeout', 'maxRetries', 'retryDelay']);
const addOptions = addDescription.find((property) => property.name === 'options')!;

/** The Options of writes, as Add Records has them (plus `more` of Add's). */
function writeOptions(operation: string[], more: string[]): INodeProperties {
	const names = new Set([...WRITE_OPTIONS, ...more]);
	return { ...addOptions, displayOptions: show(operation), options: addOptions.options!.filter((option) => names.has((option as INodeProperties).name)) };
}

export const writeDescription: INodeProperties[] = [
	columnsMapper('upsert', show(['upsert'])),
	findBy('matchBy', 'Match By', 'update'),
	columnsMapper('update', show(['update'], { matchBy: ['column'] })),
	columnsMapper('map', show(['update'], { matchBy: ['recordId'] })),
	findBy('deleteBy', 'Delete By', 'delete'),
	recordIdOf('update', 'matchBy', 'write'),
	recordIdOf('delete', 'deleteBy', 'delete'),
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
	writeOptions(['upsert', 'update'], ['unknownFields']),
	writeOptions(['delete'], []),
];

import type { FieldType, ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { createApiClient } from '../transport';
import type { TableField } from '../core/types';
import { fetchTableSchema } from '../transport/tableSchema';

const FIELD_TYPES: Record<TableField['type'], FieldType> = {
	TEXT: 'string',
	INT: 'number',
	FLOAT: 'number',
	BOOLEAN: 'boolean',
	DATETIME: 'dateTime',
};

/** Lists the table's real columns for the Columns mapper. */
export async function getColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const tableId = String(this.getNodeParameter('tableId', '') ?? '').trim();
	if (!tableId) return { fields: [], emptyFieldsNotice: 'Enter a Table ID to load its columns' };

	// Problems are said as the notice: the editor shows a thrown error only as a generic "Can't get columns".
	let client;
	try {
		client = await createApiClient(this);
	} catch (error) {
		return { fields: [], emptyFieldsNotice: (error as Error).message }; // a Base URL refused before any request
	}
	const result = await fetchTableSchema(client, tableId);
	if (!result.ok) return { fields: [], emptyFieldsNotice: `${result.failure.message} (table "${tableId}")` };
	const fields: ResourceMapperField[] = result.body.fields.map((field) => ({
		id: field.name,
		displayName: `${field.name} (${field.type}${field.unique ? ', unique' : ''})`,
		// The node refuses a record without a value for a unique column, so the mapper asks for one.
		required: field.required || field.unique,
		defaultMatch: false,
		canBeUsedToMatch: field.unique,
		display: true,
		type: FIELD_TYPES[field.type] ?? 'string',
	}));
	return {
		fields,
		emptyFieldsNotice: 'The table declares no columns, so there is nothing to map one by one: choose Map Automatically, and each field of the input goes as a column',
	};
}

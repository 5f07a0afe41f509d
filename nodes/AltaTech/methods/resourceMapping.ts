import type { FieldType, ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { apiError, createApiClient } from '../transport';
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

	const result = await fetchTableSchema(await createApiClient(this), tableId);
	if (!result.ok) throw apiError(this, result.failure, { message: `${result.failure.message} (table "${tableId}")` });
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
	return { fields, emptyFieldsNotice: 'The table has no columns yet' };
}

import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { requestOrThrow, type ApiClient } from './index';

export interface TableField {
	name: string;
	type: 'TEXT' | 'INT' | 'FLOAT' | 'DATETIME' | 'BOOLEAN';
	required: boolean;
	unique: boolean;
	description?: string;
}

export interface TableSchema {
	id: string;
	name: string;
	fields: TableField[];
}

interface RecordsPage {
	data?: { table_info?: { id?: string; name?: string; fields?: TableField[] } };
}

/** The only published way to learn a table's columns: read one page of its records. */
export async function fetchTableSchema(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	client: ApiClient,
	tableId: string,
): Promise<TableSchema> {
	const page = await requestOrThrow<RecordsPage>(context, client, 'POST', '/v1/database/records/page', {
		table_id: tableId,
		page: 1,
		page_size: 1,
	});
	const info = page.data?.table_info ?? {};
	return {
		id: info.id ?? tableId,
		name: info.name ?? '',
		fields: (info.fields ?? []).map((field) => ({
			name: String(field.name),
			type: field.type,
			required: field.required === true,
			unique: field.unique === true,
			description: field.description,
		})),
	};
}

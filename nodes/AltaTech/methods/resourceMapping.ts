import type { ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { editorMessages } from '../core/messages';
import type { TableField } from '../core/types';
import { createApiClient, CREDENTIAL_TYPE } from '../transport';
import { fetchTableSchema } from '../transport/records';

const TYPE_HINTS: Partial<Record<TableField['type'], string>> = { INT: 'whole number', FLOAT: 'number', BOOLEAN: 'true or false' };

/** A column's name with what it takes, e.g. "age (whole number, unique)". */
function withHints(name: string, hints: Array<string | false | undefined>): string {
	const given = hints.filter(Boolean);
	return given.length ? `${name} (${given.join(', ')})` : name;
}

/** Columns named in the list shown under Map Automatically; the rest are counted. */
const LISTED_COLUMNS = 30;

// The editor renders the notice as HTML: a table ID or a server's words must stay text.
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function columnList(fields: TableField[]): string {
	const named = fields.slice(0, LISTED_COLUMNS).map((field) => withHints(escapeHtml(field.name), [(field.required || field.unique) && 'required', field.unique && 'unique']));
	const more = fields.length > LISTED_COLUMNS ? ` and ${fields.length - LISTED_COLUMNS} more` : '';
	return `${named.join(', ')}${more}`;
}

const noColumns = (notice: string): ResourceMapperFields => ({ fields: [], emptyFieldsNotice: notice });

/**
 * Lists the table's real columns for the Columns mapper.
 *
 * The editor drops a thrown error here (it only says "No columns found"), so a failed read
 * is told in the notice, which it shows beside the mapper. The notice also shows under Map
 * Automatically, and stays until another read sets one: a read that found columns lists them,
 * so it replaces an earlier failure's notice rather than leaving it up.
 */
export async function getColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	let tableId = '';
	try {
		tableId = String(this.getNodeParameter('tableId', '', { extractValue: true }) ?? '').trim();
	} catch {
		// An expression that reads input data cannot be worked out before the node runs.
	}
	// The editor works the table's expression out before asking, so an expression that needs
	// input data arrives empty, like a table not chosen yet.
	if (!tableId) return noColumns(editorMessages.noTable());
	if (!this.getNode().credentials?.[CREDENTIAL_TYPE]) return noColumns(editorMessages.noCredential());
	const cannotRead = (cause: string) => noColumns(editorMessages.cannotReadColumns(escapeHtml(cause)));

	let client;
	try {
		client = await createApiClient(this);
	} catch (error) {
		return cannotRead((error as Error).message); // a Base URL refused before any request
	}
	const result = await fetchTableSchema(client, tableId);
	if (!result.ok) return cannotRead(result.failure.message);
	const columns = result.body.fields;
	if (columns.length === 0) return noColumns(editorMessages.noColumns());
	const fields: ResourceMapperField[] = columns.map((field) => ({
		id: field.name,
		displayName: withHints(field.name, [TYPE_HINTS[field.type], field.unique && 'unique']),
		// The node refuses a record without a value for a unique column, so the mapper asks for one.
		required: field.required || field.unique,
		defaultMatch: false,
		canBeUsedToMatch: field.unique,
		display: true,
		// Numbers and booleans are offered as text fields, so a column left empty sends nothing:
		// n8n 1.x's number input turns an empty value into 0 whenever the panel opens, and the
		// editor fills every boolean field with false, which would overwrite the column in every
		// record. The node converts the text to the column's type; the label says what it takes.
		type: field.type === 'DATETIME' ? 'dateTime' : 'string',
	}));
	return { fields, emptyFieldsNotice: editorMessages.columns(columnList(columns)) };
}

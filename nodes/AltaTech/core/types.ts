/**
 * Shared shapes of the write pipeline (map -> validate -> batch -> send -> report).
 * Nothing in core/ imports n8n: the adapter translates n8n items into these and back.
 */

/** A value the API accepts in a record: the CSV the server builds holds only text. */
export type CellValue = string | number | boolean;

/** One table row as sent: column name -> value. */
export type TableRecord = Record<string, CellValue>;

/**
 * The rows of one table as two flat lists (position i: item itemIndexes[i], its fields
 * fields[i]): an object per row would be a million more objects for a million-row write.
 */
export interface SourceRows {
	itemIndexes: number[];
	fields: Array<Record<string, unknown>>;
}

/** A column as the table's schema declares it (`table_info.fields`). */
export interface TableField {
	name: string;
	type: 'TEXT' | 'INT' | 'FLOAT' | 'DATETIME' | 'BOOLEAN';
	required: boolean;
	unique: boolean;
}

/** What the node knows of the target table; `fields` is empty when the table declares none. */
export interface TableSchema {
	fields: TableField[];
}

/** What to do with input fields the table does not have. */
export type UnknownFieldPolicy = 'fail' | 'ignore';

/** The API's documented limits. */
export const API_MAX_RECORDS = 1000;
export const API_MAX_CSV_BYTES = 10 * 1024 * 1024;
/** Longest value a unique field may hold, in characters. */
export const API_MAX_UNIQUE_CHARS = 256;

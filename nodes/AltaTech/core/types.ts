/**
 * Shared shapes of the import pipeline (map -> validate -> batch -> send -> report).
 * Nothing in core/ imports n8n: the adapter translates n8n items into these and back.
 */

/** A value the API accepts in a record: the CSV the server builds holds only text. */
export type CellValue = string | number | boolean;

/** One table row as sent: column name -> value. */
export type TableRecord = Record<string, CellValue>;

/** One input item's fields before mapping, with its position in the node's input. */
export interface SourceRow {
	itemIndex: number;
	fields: Record<string, unknown>;
}

/** A record that passed mapping and validation, still tied to its input item. */
export interface PreparedRecord {
	itemIndex: number;
	record: TableRecord;
}

/** Why one input item could not be imported. `rule` is a stable machine-readable name. */
export interface ItemProblem {
	itemIndex: number;
	field?: string;
	rule: string;
	message: string;
}

/** A request's worth of records. */
export interface Batch {
	/** 1-based, in the order batches are planned. */
	number: number;
	records: TableRecord[];
	itemIndexes: number[];
	csvBytes: number;
}

/** What one request ended in. */
export interface BatchOutcome {
	batch: Batch;
	taskId?: string;
	error?: BatchFailure;
	/** The batch was never sent because an earlier one failed and the run stops on errors. */
	notSent?: boolean;
}

/** A failed request, in plain words, with what the API said. */
export interface BatchFailure {
	message: string;
	description?: string;
	code?: number;
	httpStatus?: number;
}

export interface ImportLimits {
	/** Records per request, 1..1000. */
	batchSize: number;
	/** Largest CSV the server accepts for one request, in UTF-8 bytes. */
	maxCsvBytes: number;
}

/** The API's documented limits. */
export const API_MAX_RECORDS = 1000;
export const API_MAX_CSV_BYTES = 10 * 1024 * 1024;

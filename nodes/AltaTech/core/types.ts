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

/**
 * The rows of one table as two flat lists (position i: item itemIndexes[i], its fields
 * fields[i]): an object per row would be a million more objects for a million-row import.
 */
export interface SourceRows {
	itemIndexes: number[];
	fields: Array<Record<string, unknown>>;
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

/** The "nothing found" result of the per-row steps, shared: they run once per row, up to millions of times. */
export const NO_PROBLEMS: readonly ItemProblem[] = Object.freeze([]);
export const NO_FIELDS: readonly string[] = Object.freeze([]);

/** A request's worth of records. */
export interface Batch {
	/** 1-based, in the order batches are planned. */
	number: number;
	records: TableRecord[];
	itemIndexes: number[];
	/** The CSV the server builds from these records, in bytes (see csv.ts). */
	readonly csvBytes: number;
}

/** What one request ended in (or that a planned batch was never sent). */
export interface BatchOutcome {
	/** The records this request carried: a planned batch, or a part of one after a split. */
	batch: Batch;
	taskId?: string;
	error?: BatchFailure;
	/** Rejected as a whole with a parameter error; its records were retried in halves (see the outcomes after it). */
	split?: boolean;
	/** A single record the server rejected: the failure belongs to that record, not to the request. */
	rejectedRecord?: boolean;
	/** The batch was never sent because an earlier one failed and the run stops on errors. */
	notSent?: boolean;
	/** The request may have been imported (timed out after sending, unreadable reply); its records were not re-sent. */
	outcomeUnknown?: boolean;
	/** Accepted on a re-send after an earlier attempt's reply was lost (allowed for tables with unique fields). */
	resentAfterUnknown?: boolean;
	/** Refused with 40000 on a re-send after a lost reply (or a part of such a request): the lost attempt may have taken its records. */
	afterLostReply?: boolean;
	/** Refused for some of its records, and left unsplit: the batch's budget of requests for finding them ran out. */
	splitAbandoned?: boolean;
	/**
	 * Refused while no record of the run had been accepted and every record sent alone had been
	 * refused for one same reason: taken for a request that cannot go (a wrong Record Format, say),
	 * not for its records, so it fails as a request even under Skip.
	 */
	refusedForAll?: boolean;
	/** Attempts after the first. */
	retries?: number;
	durationMs?: number;
}

/** A failed request, in plain words, with what the API said. */
export interface BatchFailure {
	message: string;
	description?: string;
	/** What the server said, verbatim. */
	serverMessage?: string;
	code?: number;
	httpStatus?: number;
}

/** A column as the table's schema declares it (`table_info.fields`). */
export interface TableField {
	name: string;
	type: 'TEXT' | 'INT' | 'FLOAT' | 'DATETIME' | 'BOOLEAN';
	required: boolean;
	unique: boolean;
}

/** What the import knows of the target table; `fields` is empty when the table declares none. */
export interface TableSchema {
	fields: TableField[];
}

/** What to do with input fields the table does not have. */
export type UnknownFieldPolicy = 'fail' | 'ignore';

export interface ImportLimits {
	/** Records per request, 1..1000. */
	batchSize: number;
	/** Largest CSV the server accepts for one request, in UTF-8 bytes. */
	maxCsvBytes: number;
}

/** The API's documented limits. */
export const API_MAX_RECORDS = 1000;
export const API_MAX_CSV_BYTES = 10 * 1024 * 1024;
/** Longest value a unique field may hold, in characters. */
export const API_MAX_UNIQUE_CHARS = 256;

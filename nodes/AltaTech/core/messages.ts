/**
 * Everything the node and its credential tell people: item errors, request and connection
 * errors, settings it cannot work with, the Columns mapper's notices, hints and log lines. One
 * module (longer than most for that reason), so the wording is kept consistent and tested in
 * one place (test/unit/messages.test.ts); decisions never read it back.
 */
import type { ApiFailure } from './apiErrors';
import { MAX_BISECT_REQUESTS } from './bulk/bisect';
import type { CellValue, TableField } from './types';

/** A value as it may appear in a message: quoted, and shortened when long. */
function shortValue(value: CellValue, max = 40): string {
	const text = JSON.stringify(value);
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What a column of each type takes, for the message when a value cannot be read as one. */
const EXPECTED: Record<TableField['type'], string> = {
	TEXT: 'text (TEXT)',
	INT: 'a whole number (INT)',
	FLOAT: 'a number (FLOAT)',
	BOOLEAN: 'true/false, yes/no or 1/0 (BOOLEAN)',
	DATETIME: 'a date and time in the years 1000 to 9999: ISO text, YYYY-MM-DD HH:MM:SS or epoch milliseconds (DATETIME)',
};

const expectedFor = (type: TableField['type']) => EXPECTED[type] ?? EXPECTED.TEXT;

/** Why an item's value or record cannot go, found by the node before sending. */
export const problemMessages = {
	brokenCharacter: (position: number) =>
		`the text has a broken character at position ${position} (half of an emoji or other character, as left when text is cut in the middle of one); AltaTech would store "\uFFFD" in its place`,
	notFinite: (value: number) => `${String(value)} is not a number the table can store`,
	notStorable: (type: string) => `a ${type} cannot be stored in a table`,
	invalidDate: () => 'the date is invalid',
	notJson: (reason: string) => `the value cannot be written as JSON text (${reason})`,
	insideValue: (key: string, message: string) => `inside the value, at "${key}": ${message}`,
	protoField: () => 'a field named "__proto__" cannot be written: rename it (for example with an Edit Fields node)',
	unknownColumn: (columns: string) => `the table has no such column (its columns: ${columns})`,
	onlyUnknownFields: (fields: string[], columns: string) =>
		`none of its fields (${fields.join(', ')}) is a column of the table, so it would add a blank row (its columns: ${columns})`,
	notOfType: (value: CellValue, type: TableField['type']) => `${shortValue(value)} cannot be read as ${expectedFor(type)}`,
	beyondSafeInteger: (value: CellValue) => `${shortValue(value)} is a whole number beyond ±${Number.MAX_SAFE_INTEGER}, the largest an INT can be sent as exactly`,
	epochSeconds: (value: CellValue) =>
		`${shortValue(value)} looks like epoch seconds, but a number in a DATETIME column is read as epoch milliseconds (which would put it within 3 years of 1970): multiply it by 1000`,
	emptyColumnName: () => 'a field has an empty name, which cannot be a column',
	required: () => 'the column is required, but the value is missing or empty',
	uniqueRequired: () => 'the column is unique, so every record needs a value, but it is missing or empty',
	uniqueLength: (max: number, length: number) => `the column is unique, so its value may have at most ${max} characters, not ${length}`,
	uniqueRepeat: (value: CellValue, earlier: number) => `the column is unique, but the value ${shortValue(value)} was already used by item ${earlier}`,
	noValues: () => 'the record has no values: every field is empty (null, missing or empty text), so it would add a blank row',
	noMatchValue: () => 'the value to find the record by is missing or empty',
	matchValueNotOfType: (value: CellValue, type: TableField['type']) => `${shortValue(value)} cannot be read as ${expectedFor(type)}, the type of the column to match on`,
	recordIdNotExact: (value: number) =>
		`the record id came as the number ${String(value)}, which cannot hold an 18-digit id exactly (it may name another record): give the id as text`,
	matchValueTooLong: (max: number, length: number) => `the value to find the record by has ${length} characters; a unique column holds at most ${max}`,
	matchRepeat: (value: CellValue, earlier: number) => `item ${earlier} already names the record with ${shortValue(value)}: each record once per execution`,
};

/** What the server said about a refusal, quoted, or our reading of the failure. */
const quoted = (failure: ApiFailure | undefined) => (failure?.serverMessage ? `: "${failure.serverMessage}"` : failure ? ` (${failure.message})` : '');
const serverSaid = (failure: ApiFailure) => (failure.serverMessage ? ` The server said: "${failure.serverMessage}"` : '');

const CHECK_BEFORE_RERUN = 'check the table before running these items again';

export const itemMessages = {
	rejected: (failure: ApiFailure) => `the server rejected this record${quoted(failure)}`,
	rejectedInReply: (reason: string) => `the server rejected this record: "${reason}"`,
	maybeNotWritten: (reason: string) => `this record may not have been written: ${reason}; check the table`,
	notIsolated: (records: number, failure: ApiFailure) =>
		`not stored: the server refused a request of ${records} records holding this one because of some of them${quoted(failure)}, and the node did not split it further to find which (at most ${MAX_BISECT_REQUESTS} requests per batch). This record may be valid: run the failed items again (in smaller batches if many are refused)`,
	refusedAfterLostReply: (alone: boolean, failure: ApiFailure) =>
		`the server refused ${alone ? 'this record' : 'the request holding this record'} when it was sent again${quoted(failure)}. An earlier attempt lost its reply and may have written it (or the value was stored before): check the table`,
	requestFailed: (failure: ApiFailure) => `${failure.message}.${serverSaid(failure)}`,
	/** The reply to this request (sent `sends` times) was lost, or, `failure` not itself lost, to an earlier attempt of it. */
	replyLost: (failure: ApiFailure | undefined, sends = 1) =>
		failure?.outcomeUnknown
			? `${failure.message}: it may or may not have been written${sends > 1 ? ` (sent ${sends} times, the last reply lost)` : ', and it was not sent again'}; ${CHECK_BEFORE_RERUN}`
			: `${failure?.message ?? 'Not sent again'}. An earlier attempt lost its reply and may have written the records: ${CHECK_BEFORE_RERUN}`,
	heldBack: () =>
		`Not sent again, because the run stopped at another request's failure. An earlier attempt lost its reply and may have written the records: ${CHECK_BEFORE_RERUN}`,
	notSent: () => 'not written: the node stopped at another request\'s failure before sending it',
	cancelled: () => 'not written: the execution was stopped before this request was sent (or sent again)',
	cancelledInFlight: () => `the execution was stopped while this request was on its way: it may or may not have been written; ${CHECK_BEFORE_RERUN}`,
	recordTooLarge: (bytes: number, maxBytes: number) =>
		`The record is too large: as a request it takes ${bytes} bytes, over the API's limit of ${maxBytes} bytes for a whole request`,
};

/**
 * Gateways that gave up on the server's reply after passing the request on (their usual
 * names), for the lost-reply message.
 */
const GATEWAY_NAMES: Record<number, string> = {
	504: 'Gateway Timeout',
	520: "Cloudflare's unknown error from the server",
	524: "Cloudflare's timeout waiting for the server",
	598: 'network read timeout',
};

export const requestMessages = {
	gatewayGaveUp: (httpStatus: number) =>
		`A gateway in front of AltaTech gave up on the reply (HTTP ${httpStatus}, ${GATEWAY_NAMES[httpStatus] ?? 'no reply'}) after the request was sent`,
	noTaskId: () => 'AltaTech accepted the request but returned no task id',
	unexpected: (error: unknown) => `The request failed unexpectedly: ${(error as Error)?.message ?? String(error)}`,
	writeReplyUnclear: () => 'AltaTech answered the write without saying what it did',
	unplacedFailures: (records: number, successes: number | undefined, failures: number, named: number) =>
		`of ${records} record(s) the server reported ${successes === undefined ? '' : `${successes} written and `}${failures} failed, and named ${named} of the failures`,
};

/** Why a call got no usable answer, said without the request (so without the key). */
export const connectionMessages = {
	baseUrlAdvice: () => 'Change the Base URL of the AltaTech credential.',
	serverSaid: (text: string) => `The server said: "${text}"`,
	timedOut: (timeoutMs: number) => `AltaTech did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}, after the request was sent`,
	stoppedWhileSent: () => 'The execution was stopped before AltaTech answered',
	closedWithoutAnswer: (baseUrl: string) => `The connection to AltaTech at ${baseUrl} was closed without an answer, perhaps after the request was received`,
	unreachable: (baseUrl: string, code: string) => `Could not reach AltaTech at ${baseUrl}: ${NETWORK_WORDS[code] ?? 'the connection failed'}`,
	failedUnreadable: (baseUrl: string, reason: string | undefined) => `The request to AltaTech at ${baseUrl} failed without a readable answer (${reason ?? 'the connection failed'})`,
	redirect: (httpStatus: number) =>
		`AltaTech answered with a redirect (HTTP ${httpStatus}), which the node does not follow, so that the API key goes nowhere else: check the Base URL of the AltaTech credential`,
	bodyNotJson: () => 'AltaTech answered with a body that is not valid JSON',
	invalidBaseUrl: (baseUrl: string) => `The Base URL "${baseUrl}" is not a valid URL`,
	notHttps: (protocol: string) => `The Base URL must start with https:// (not ${protocol}//)`,
	plainHttp: (host: string) =>
		`The Base URL uses plain http:// to ${host}: the API key would cross the network in clear text. Use https:// (plain http is allowed only for localhost, 127.0.0.0/8 and ::1)`,
};

const CHECK_BASE_URL = 'check the Base URL (by default https://altatech.ai)';

/** What the credential's Test says when the answer is not the API's list. */
export const credentialTestMessages = {
	keyRefused: () => `The API key was refused (unknown, expired, or without access to this agent): copy the key again from Integrations > API Key in AltaTech, and ${CHECK_BASE_URL}`,
	webPage: () => `The Base URL answered with a web page, not the AltaTech API: ${CHECK_BASE_URL}`,
	emptyAnswer: () => `The Base URL gave an empty answer, not the AltaTech API's: ${CHECK_BASE_URL}`,
	notTheApi: () => `The Base URL did not answer as the AltaTech API does: ${CHECK_BASE_URL}`,
	notServed: (status: number) => `The Base URL does not serve the AltaTech API (HTTP ${status}): ${CHECK_BASE_URL}`,
	otherError: (code: number) => `AltaTech answered with error code ${code}: ${API_CODE_TEXT[code] ?? failureMessages.errorCode(code)}`,
};

/** A system error code in words: n8n replaces any message that names such a code with its own text. */
const NETWORK_WORDS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused (is the server running, and is the Base URL right?)',
	EPIPE: 'the connection was closed while sending',
	EAI_AGAIN: 'the host name could not be looked up just now',
	ENOTFOUND: 'the host name does not exist (check the Base URL)',
	EHOSTUNREACH: 'the host cannot be reached',
	ENETUNREACH: 'the network cannot be reached',
	CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
};

/** The vendor's error codes, and HTTP statuses, in words a workflow builder can act on. */
export const API_CODE_TEXT: Record<number, string> = {
	40000: 'The API rejected the request (parameter error)',
	40008: "Too many requests: the agent's requests-per-minute limit was exceeded; try again later",
	40107: 'The API key has expired: create a new key and update the AltaTech credential',
	40113: 'The API key has no access to this agent',
	40127: 'The API key was rejected (developer authentication failed): check the AltaTech credential',
	40353: "The agent's plan or credits are insufficient",
	40379: "The agent's plan or credits are insufficient",
	20022: "The agent's plan or credits are insufficient",
	20055: 'The API is disabled for this agent',
	403106: 'The table was not found: check the table chosen in the node',
	403131: 'The API key has no access to this table',
	50000: 'AltaTech had an internal error; try again later',
};

export const HTTP_STATUS_TEXT: Record<number, string> = {
	400: 'The API rejected the request',
	401: 'The API key was rejected: check the AltaTech credential',
	403: 'The API key is not allowed to do this',
	404: "The Base URL does not serve this request (HTTP 404): check the AltaTech credential's Base URL, and that its data centre offers this operation",
	405: "The Base URL does not serve this request (HTTP 405): check the AltaTech credential's Base URL, and that its data centre offers this operation",
	429: 'Too many requests: the rate limit was exceeded; try again later',
};

/** What a failed call means when neither its code nor its status has words of its own. */
export const failureMessages = {
	serverError: (httpStatus: number) => `AltaTech answered with a server error (HTTP ${httpStatus}); try again later`,
	errorCode: (code: number) => `The API answered with error code ${code}`,
	failed: () => 'The request to AltaTech failed',
};

/** A setting or parameter the node cannot work with: it stops before sending anything. */
export const settingMessages = {
	operationNotSupported: (operation: string, resource: string) => `The operation "${operation}" of "${resource}" is not supported`,
	tableIdEmpty: () => 'No table is chosen: pick the data table under Table, or enter its ID',
	batchSize: (max: number, given: string) => `Batch Size must be a whole number from 1 to ${max}, not ${given}`,
	numberOption: (label: string, min: number, max: number, given: string) =>
		`${label} must be a number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, not ${given}`,
	numberOptionAdvice: () => 'An expression there must give a number (or text of one).',
	noColumnMapped: () => 'No column is mapped: map the columns under Values to Send, or set Mapping Column Mode to Map Automatically',
	noColumnMappedAdvice: () => 'A table that declares no columns can only be mapped automatically: each field of the input then goes as a column.',
	filterColumnEmpty: () => 'Filter Value is set but Filter Column is empty: choose the unique column the value must equal, or clear Filter Value',
	filterValueEmpty: (column: string) => `Filter Value is empty: give the value column "${column}" must equal`,
	filterValueNotOfType: (value: CellValue, type: TableField['type'], column: string) =>
		`Filter Value ${shortValue(value)} cannot be read as ${expectedFor(type)}, the type of column "${column}": no record could equal it`,
	cannotMatch: (tableId: string, problem: string) => `Cannot match records in table "${tableId}": ${problem}`,
	noMatchColumn: () => 'no column to match on is chosen: pick a unique column under "Column to Match On"',
	noSuchMatchColumn: (column: string, uniqueColumns: string[]) =>
		`the table has no column "${column}" to match on (its unique columns: ${uniqueColumns.length ? uniqueColumns.join(', ') : 'none'})`,
	matchColumnNotUnique: (column: string, uniqueColumns: string[]) =>
		`the column "${column}" is not unique: AltaTech finds records by a unique column only (${uniqueColumns.join(', ') || 'this table has none'})`,
	listTablesFailed: (reason: string) => `Could not list the tables: ${reason}. Choose "By ID" and enter the table's ID instead`,
	expressionFailed: (reason: string) => `its expression failed: ${reason}`,
	tableIdExpressionFailed: (reason: string) => `the expression for the table failed for this item: ${reason}`,
	tableIdExpressionEmpty: () => 'no table for this item: the expression for the table gave an empty ID',
};

/** What the Columns mapper shows under the table. */
export const editorMessages = {
	noTable: () => 'No table to read the columns of: choose one above. A table given by an expression that reads input data is only known when the node runs: use Map Automatically.',
	noCredential: () => "Choose an AltaTech credential above to load the table's columns",
	cannotReadColumns: (cause: string) => `Could not load the table's columns. ${cause}`,
	noColumns: () => 'This table declares no columns: use Map Automatically, which sends each input field as a column',
	columns: (list: string) => `Columns of this table: ${list}`,
};

/** Reading import statuses, records and tables. */
export const readMessages = {
	noTaskIds: (itemIndex: number) => `Item ${itemIndex}: Task IDs is empty, so there is no import task to look up`,
	taskIdsExpressionFailed: (itemIndex: number, reason: string) => `Item ${itemIndex}: the expression in Task IDs failed: ${reason}`,
	taskIdsNotIds: (itemIndex: number, type: string) =>
		`Item ${itemIndex}: Task IDs gave ${type}, not task ids: give the ids themselves, for example {{ $json.taskId }}`,
	// "a, b, c and 3 more": the error names the tasks it is about without a list of thousands.
	statusReadFailed: (reason: string, taskIds: string[], itemIndex: number) =>
		`Reading the import status failed: ${reason} (task${taskIds.length > 1 ? 's' : ''} ${taskIds.slice(0, 3).join(', ')}${taskIds.length > 3 ? ` and ${taskIds.length - 3} more` : ''}, asked by item ${itemIndex})`,
	unknownTask: () => 'AltaTech knows no import task with this id (for this API key)',
	taskReadFailed: (taskId: string, reason: string) => `Task ${taskId}: reading its import status failed: ${reason}`,
	statusTimeRanOut: () => 'its time ran out before the status could be read',
	stopped: () => 'not read: the execution was stopped',
	statusNotAList: (what: string) => `AltaTech answered the status request with ${what} instead of a list of tasks`,
	stoppedWaiting: (lastFailure: string) => `Stopped waiting: the status request kept failing (${lastFailure})`,
	waitTimedOutAfterFailure: (lastFailure: string) =>
		`The wait timed out and its last status request failed (${lastFailure}): the import's state is unknown; look it up later with Get Import Status`,
	stillImporting: () => 'Still importing when the wait timed out; look it up later with Get Import Status',
	noReasonGiven: () => 'no reason given',
	recordsNotAList: () => 'AltaTech answered the records read without a list of records',
	noAgent: () => 'AltaTech did not say which agent the API key belongs to',
	tablesNotAList: () => 'AltaTech answered the table list without a list of tables',
	noTableInfo: () => "AltaTech answered the table read without the table's description (its columns)",
};

/** A failed call's code, status and what the server said: "Code 50000. HTTP 500. The server said: "..."". */
export function failureDetails(failure: ApiFailure): string {
	const parts = [
		failure.code !== undefined ? `Code ${failure.code}.` : '',
		failure.httpStatus !== undefined ? `HTTP ${failure.httpStatus}.` : '',
		failure.serverMessage ? `The server said: "${failure.serverMessage}"` : '',
	];
	return parts.filter(Boolean).join(' ');
}

/** A request's items for a message: a range when they follow one another, else the items or how many. */
export function describeItems(itemIndexes: readonly number[]): string {
	const first = itemIndexes[0];
	const last = itemIndexes[itemIndexes.length - 1];
	if (itemIndexes.length === 1) return `item ${first}`;
	if (last - first + 1 === itemIndexes.length) return `items ${first} to ${last}`;
	if (itemIndexes.length <= 10) return `items ${itemIndexes.join(', ')}`;
	return `${itemIndexes.length} items from ${first} to ${last}`;
}

/** "Request 3 to table "x" (items 2000 to 2999)": which request, where it went, what it held. */
export function describeRequest(number: number, itemIndexes: readonly number[], tableId?: string): string {
	const table = tableId !== undefined ? ` to table "${tableId}"` : '';
	return `Request ${number}${table} (${describeItems(itemIndexes)})`;
}

/** "Item 3, field "price": ..." — every failure says which item, which field and why. */
export function describeProblem(problem: { itemIndex: number; field?: string; message: string }): string {
	const field = problem.field !== undefined ? `, field "${problem.field}"` : '';
	return `Item ${problem.itemIndex}${field}: ${problem.message}`;
}

/** What is already in the table, for the error that stops the node (see importedSoFar). */
export const runMessages = {
	nothingImported: () => 'Nothing was imported.',
	nothingWritten: () => 'Nothing was written.',
	imported: (items: number, taskIds: string[]) => `${items} item(s) were already imported (task ids: ${taskIds.join(', ')})`,
	accepted: (items: number, taskIds: string[]) =>
		`${items} item(s) were accepted for import, which AltaTech finishes unless their task fails (task ids: ${taskIds.join(', ')}; Get Import Status tells)`,
	unfinished: (items: number, taskIds: string[]) =>
		`${items} item(s) were sent and may still be imported: their tasks had not finished when the node stopped waiting (task ids: ${taskIds.join(', ')})`,
	written: (items: number) => `${items} item(s) were written`,
	maybeStored: (items: number) => `${items} item(s) may or may not have been imported (a reply was lost or unclear, or a task did not name every row it dropped)`,
	maybeWritten: (items: number) => `${items} item(s) may or may not have been written (a reply was lost or unclear)`,
	matchedRerun: (parts: string[]) =>
		`${parts.join('; ')}: the same items can be run again, as each is matched by its unique value or record ID (nothing is stored twice).`,
	rerunWarning: (parts: string[]) =>
		`${parts.join('; ')}: re-running the same items may import them twice (a table with unique columns refuses the repeats instead).`,
	othersFailed: (others: number) => (others > 0 ? ` ${others} other item(s) failed too.` : ''),
	serverAdvice: () =>
		'Check the failed items against the table (a unique value stored before, say), or set Invalid Records to Skip and Output as Errors (or turn on Continue On Fail) to get each failed item as an error while the others go.',
	nodeAdvice: () => 'Fix the input, or set Invalid Records to Skip and Output as Errors (or turn on Continue On Fail) to write the valid items and get the others as errors.',
	failedRequest: (message: string, tableId: string | undefined, number: number, items: string) =>
		`${message} (${tableId !== undefined ? `table "${tableId}", ` : ''}request ${number}, ${items})`,
	summary: (written: number, requests: number, failed: number, extraRequests: number, ignored: number) => {
		const count = (n: number) => n.toLocaleString('en-US');
		const parts = [`Wrote ${count(written)} item(s) in ${count(requests)} request(s); ${count(failed)} failed`];
		if (extraRequests) parts.push(`${count(extraRequests)} extra request(s) isolated records the server rejected`);
		if (ignored) parts.push(`${count(ignored)} item(s) had fields the table does not have, left out`);
		return `${parts.join('; ')}.`;
	},
	importsNotWaited: (items: number) =>
		`${items.toLocaleString('en-US')} item(s) were accepted for import: AltaTech imports them in the background, and an import can still fail (a unique value stored before, say). Turn on Options > Get Import Results to see how each ended, or ask Get Import Status later.`,
	resentNote: () =>
		'Sent again after the reply to an earlier attempt was lost. If this task fails on duplicate unique values, that earlier attempt may have imported the rows.',
	taskFailed: (taskId: string, reason: string) => `the import task ${taskId} failed on AltaTech, so none of its rows were added: ${reason}`,
	taskFailedAfterLostReply: (message: string) =>
		`${message}. This request was sent again after the reply to an earlier attempt was lost: that attempt may have imported the rows (or some were stored before); check the table`,
	rowDropped: (taskId: string, reason: string) => `AltaTech dropped this row while importing (task ${taskId}): ${reason}`,
	rowMaybeDropped: (taskId: string, dropped: number, named: number, chunk: number) =>
		`this row may not have been added: the import task ${taskId} dropped ${dropped} row(s) but named only ${named} (AltaTech names the first failure in each ${chunk} rows); check the table`,
	requestLog: (tableId: string, number: number, total: number, records: number, bytes: number, ms: number, retries: number, result: string) =>
		`AltaTech: table ${tableId}, batch ${number} of ${total}: ${records} records, ${bytes} bytes, ${ms} ms, ${retries} retries, ${result}`,
	missingResult: (itemIndex: number) => `Item ${itemIndex} has no result: this is a bug of the AltaTech node, please report it`,
	runLog: (operation: string, written: number, failed: number, requests: number, ms: number) =>
		`AltaTech ${operation}: ${written} item(s) written, ${failed} failed, ${requests} request(s), ${ms} ms`,
};

import { apiFailure, type ApiFailure } from '../../nodes/AltaTech/core/apiErrors';
import * as messages from '../../nodes/AltaTech/core/messages';

/**
 * The wording of every message the node writes, each function at least once: the other
 * tests check which message a case gets, never its words.
 */
const { connectionMessages, credentialTestMessages, editorMessages, failureMessages, itemMessages, problemMessages, readMessages, requestMessages, runMessages, settingMessages } = messages;

const refusal: ApiFailure = apiFailure({ httpStatus: 400, code: 40000, serverMessage: 'records[3].values.price is not a number' });
const withoutServerText: ApiFailure = apiFailure({ httpStatus: 500, code: 50000 });
const lost: ApiFailure = apiFailure({ outcomeUnknown: true, message: 'AltaTech did not answer within 120 s, after the request was sent' });
const check = 'check the table (or Get Import Status) before re-running them';

type Group = 'connectionMessages' | 'credentialTestMessages' | 'editorMessages' | 'failureMessages' | 'itemMessages' | 'problemMessages' | 'readMessages' | 'requestMessages' | 'runMessages' | 'settingMessages';
const GROUPS: Group[] = ['connectionMessages', 'credentialTestMessages', 'editorMessages', 'failureMessages', 'itemMessages', 'problemMessages', 'readMessages', 'requestMessages', 'runMessages', 'settingMessages'];

const cases: Record<Group, Array<[string, string]>> = {
	editorMessages: [
		['noTable', editorMessages.noTable()],
		['noCredential', editorMessages.noCredential()],
		['cannotReadColumns', editorMessages.cannotReadColumns('The table was not found: check the table chosen in the node')],
		['noColumns', editorMessages.noColumns()],
		['columns', editorMessages.columns('sku, name')],
	],
	failureMessages: [
		['serverError', failureMessages.serverError(502)],
		['errorCode', failureMessages.errorCode(12345)],
		['failed', failureMessages.failed()],
	],
	readMessages: [
		['noTaskIds', readMessages.noTaskIds(2)],
		['statusReadFailed', readMessages.statusReadFailed('timed out', ['a', 'b', 'c', 'd', 'e'], 4)],
		['statusReadFailedOne', readMessages.statusReadFailed('timed out', ['a'], 0)],
		['unknownTask', readMessages.unknownTask()],
		['taskReadFailed', readMessages.taskReadFailed('t1', 'timed out')],
		['statusTimeRanOut', readMessages.statusTimeRanOut()],
		['statusNotAList', readMessages.statusNotAList('an empty body')],
		['stoppedWaiting', readMessages.stoppedWaiting('HTTP 503')],
		['waitTimedOutAfterFailure', readMessages.waitTimedOutAfterFailure('HTTP 503')],
		['stillImporting', readMessages.stillImporting()],
		['noReasonGiven', readMessages.noReasonGiven()],
		['recordsNotAList', readMessages.recordsNotAList()],
		['noAgent', readMessages.noAgent()],
		['tablesNotAList', readMessages.tablesNotAList()],
		['noTableInfo', readMessages.noTableInfo()],
	],
	settingMessages: [
		['operationNotSupported', settingMessages.operationNotSupported('merge', 'tableData')],
		['tableIdEmpty', settingMessages.tableIdEmpty()],
		['batchSize', settingMessages.batchSize(1000, '10s')],
		['numberOption', settingMessages.numberOption('Request Timeout (Seconds)', 1, 3600, '"10s"')],
		['numberOptionAdvice', settingMessages.numberOptionAdvice()],
		['noColumnMapped', settingMessages.noColumnMapped()],
		['noColumnMappedAdvice', settingMessages.noColumnMappedAdvice()],
		['filterValueEmpty', settingMessages.filterValueEmpty('email')],
		['filterColumnEmpty', settingMessages.filterColumnEmpty()],
		['cannotMatch', settingMessages.cannotMatch('tbl', 'the table has no column "x" to match on')],
		['noMatchColumn', settingMessages.noMatchColumn()],
		['noSuchMatchColumn', settingMessages.noSuchMatchColumn('x', ['sku', 'email'])],
		['matchColumnNotUnique', settingMessages.matchColumnNotUnique('name', ['sku', 'email'])],
		['matchColumnNotUniqueNone', settingMessages.matchColumnNotUnique('name', [])],
		['listTablesFailed', settingMessages.listTablesFailed('HTTP 404')],
		['expressionFailed', settingMessages.expressionFailed('x is not defined')],
		['tableIdExpressionFailed', settingMessages.tableIdExpressionFailed('x is not defined')],
		['tableIdExpressionEmpty', settingMessages.tableIdExpressionEmpty()],
	],
	connectionMessages: [
		['baseUrlAdvice', connectionMessages.baseUrlAdvice()],
		['serverSaid', connectionMessages.serverSaid('no such table')],
		['timedOut', connectionMessages.timedOut(120_000)],
		['timedOutMs', connectionMessages.timedOut(250)],
		['closedWithoutAnswer', connectionMessages.closedWithoutAnswer('https://altatech.ai')],
		['unreachable', connectionMessages.unreachable('https://altatech.ai', 'ECONNREFUSED')],
		['unreachableOther', connectionMessages.unreachable('https://altatech.ai', 'CERT_NOT_YET_VALID')],
		['failedUnreadable', connectionMessages.failedUnreadable('https://altatech.ai', 'aborted')],
		['failedUnreadableCode', connectionMessages.failedUnreadable('https://altatech.ai', undefined)],
		['redirect', connectionMessages.redirect(301)],
		['unreadableBody', connectionMessages.unreadableBody(502)],
		['bodyNotJson', connectionMessages.bodyNotJson()],
		['invalidBaseUrl', connectionMessages.invalidBaseUrl('altatech')],
		['notHttps', connectionMessages.notHttps('ftp:')],
		['plainHttp', connectionMessages.plainHttp('example.com')],
	],
	credentialTestMessages: [
		['keyRefused', credentialTestMessages.keyRefused()],
		['webPage', credentialTestMessages.webPage()],
		['emptyAnswer', credentialTestMessages.emptyAnswer()],
		['notTheApi', credentialTestMessages.notTheApi()],
		['otherError', credentialTestMessages.otherError(20055)],
		['notServed', credentialTestMessages.notServed(404)],
	],
	problemMessages: [
		['brokenCharacter', problemMessages.brokenCharacter(4)],
		['notFinite', problemMessages.notFinite(Infinity)],
		['notStorable', problemMessages.notStorable('function')],
		['invalidDate', problemMessages.invalidDate()],
		['notJson', problemMessages.notJson('circular')],
		['protoField', problemMessages.protoField()],
		['unknownColumn', problemMessages.unknownColumn('id, name')],
		['onlyUnknownFields', problemMessages.onlyUnknownFields(['a', 'b'], 'id')],
		['notOfType', problemMessages.notOfType('x', 'INT')],
		['beyondSafeInteger', problemMessages.beyondSafeInteger('9007199254740993')],
		['epochSeconds', problemMessages.epochSeconds(1732156566)],
		['emptyColumnName', problemMessages.emptyColumnName()],
		['required', problemMessages.required()],
		['uniqueRequired', problemMessages.uniqueRequired()],
		['uniqueLength', problemMessages.uniqueLength(256, 257)],
		['uniqueRepeat', problemMessages.uniqueRepeat('A', 1)],
		['noValues', problemMessages.noValues()],
		['noMatchValue', problemMessages.noMatchValue()],
		['matchValueNotOfType', problemMessages.matchValueNotOfType('abc', 'INT')],
		['matchValueTooLong', problemMessages.matchValueTooLong(256, 300)],
		['matchRepeat', problemMessages.matchRepeat('a@x.com', 2)],
	],
	itemMessages: [
		['rejected', itemMessages.rejected(refusal)],
		['rejectedInReply', itemMessages.rejectedInReply('duplicate value')],
		['maybeNotWritten', itemMessages.maybeNotWritten('the server reported 2 failure(s) but named only 1')],
		['notIsolated', itemMessages.notIsolated(250, withoutServerText)],
		['refusedAfterLostReply', itemMessages.refusedAfterLostReply(true, refusal)],
		['requestFailed', itemMessages.requestFailed(refusal)],
		['replyLost', itemMessages.replyLost(lost)],
		['heldBack', itemMessages.heldBack()],
		['notSent', itemMessages.notSent()],
		['cancelled', itemMessages.cancelled()],
		['cancelledInFlight', itemMessages.cancelledInFlight()],
		['recordTooLarge', itemMessages.recordTooLarge(10_485_800, 10_485_760)],
	],
	requestMessages: [
		['gatewayGaveUp', requestMessages.gatewayGaveUp(524)],
		['noTaskId', requestMessages.noTaskId()],
		['unexpected', requestMessages.unexpected(new Error('boom'))],
		['writeReplyUnclear', requestMessages.writeReplyUnclear()],
		['unplacedFailures', requestMessages.unplacedFailures(3, 1, 2, 1)],
	],
	runMessages: [
		['nothingImported', runMessages.nothingImported()],
		['nothingWritten', runMessages.nothingWritten()],
		['maybeWritten', runMessages.maybeWritten(4)],
		['matchedRerun', runMessages.matchedRerun(['A', 'B'])],
		['importsNotWaited', runMessages.importsNotWaited(2500)],
		['imported', runMessages.imported(3, ['t1', 't2'])],
		['accepted', runMessages.accepted(3, ['t1'])],
		['unfinished', runMessages.unfinished(2, ['t3'])],
		['written', runMessages.written(5)],
		['maybeStored', runMessages.maybeStored(4)],
		['rerunWarning', runMessages.rerunWarning(['A', 'B'])],
		['othersFailed', runMessages.othersFailed(2)],
		['serverAdvice', runMessages.serverAdvice()],
		['nodeAdvice', runMessages.nodeAdvice()],
		['failedRequest', runMessages.failedRequest('Bad key', 'tbl', 2, 'items 1000 to 1999')],
		['summary', runMessages.summary(9990, 12, 1, 11, 1200)],
		['resentNote', runMessages.resentNote()],
		['taskFailed', runMessages.taskFailed('t1', 'conflict')],
		['taskFailedAfterLostReply', runMessages.taskFailedAfterLostReply('it failed')],
		['rowDropped', runMessages.rowDropped('t1', 'bad INT')],
		['rowMaybeDropped', runMessages.rowMaybeDropped('t1', 3, 2, 10)],
		['requestLog', runMessages.requestLog('tbl', 2, 3, 1000, 51234, 87, 1, 'accepted, task t2')],
		['missingResult', runMessages.missingResult(7)],
		['runLog', runMessages.runLog('add', 2500, 3, 4, 1234)],
	],
};

const expected: Record<string, string> = {
	noTable: 'No table to read the columns of: choose one above. A table given by an expression that reads input data is only known when the node runs: use Map Automatically.',
	noCredential: "Choose an AltaTech credential above to load the table's columns",
	cannotReadColumns: "Could not load the table's columns. The table was not found: check the table chosen in the node",
	noColumns: 'This table declares no columns: use Map Automatically, which sends each input field as a column',
	columns: 'Columns of this table: sku, name',
	serverError: 'AltaTech answered with a server error (HTTP 502); try again later',
	errorCode: 'The API answered with error code 12345',
	failed: 'The request to AltaTech failed',
	noTaskIds: 'Item 2: Task IDs is empty, so there is no import task to look up',
	statusReadFailed: 'Reading the import status failed: timed out (tasks a, b, c and 2 more, asked by item 4)',
	statusReadFailedOne: 'Reading the import status failed: timed out (task a, asked by item 0)',
	unknownTask: 'AltaTech knows no import task with this id (for this API key)',
	taskReadFailed: 'Task t1: reading its import status failed: timed out',
	statusTimeRanOut: 'its time ran out before the status could be read',
	statusNotAList: 'AltaTech answered the status request with an empty body instead of a list of tasks',
	stoppedWaiting: 'Stopped waiting: the status request kept failing (HTTP 503)',
	waitTimedOutAfterFailure: "The wait timed out and its last status request failed (HTTP 503): the import's state is unknown; look it up later with Get Import Status",
	stillImporting: 'Still importing when the wait timed out; look it up later with Get Import Status',
	noReasonGiven: 'no reason given',
	recordsNotAList: 'AltaTech answered the records read without a list of records',
	noAgent: 'AltaTech did not say which agent the API key belongs to',
	tablesNotAList: 'AltaTech answered the table list without a list of tables',
	noTableInfo: "AltaTech answered the table read without the table's description (its columns)",
	operationNotSupported: 'The operation "merge" of "tableData" is not supported',
	tableIdEmpty: 'No table is chosen: pick the data table under Table, or enter its ID',
	batchSize: 'Batch Size must be a whole number from 1 to 1000, not "10s"',
	numberOption: 'Request Timeout (Seconds) must be a number from 1 to 3,600, not "10s"',
	numberOptionAdvice: 'An expression there must give a number (or text of one).',
	noColumnMapped: 'No column is mapped: map the columns under Values to Send, or set Mapping Column Mode to Map Automatically',
	noColumnMappedAdvice: 'A table that declares no columns can only be mapped automatically: each field of the input then goes as a column.',
	filterValueEmpty: 'Filter Value is empty: give the value column "email" must equal',
	filterColumnEmpty: 'Filter Value is set but Filter Column is empty: choose the unique column the value must equal, or clear Filter Value',
	cannotMatch: 'Cannot match records in table "tbl": the table has no column "x" to match on',
	noMatchColumn: 'no column to match on is chosen: pick a unique column under "Column to Match On"',
	noSuchMatchColumn: 'the table has no column "x" to match on (its unique columns: sku, email)',
	matchColumnNotUnique: 'the column "name" is not unique: AltaTech finds records by a unique column only (sku, email)',
	matchColumnNotUniqueNone: 'the column "name" is not unique: AltaTech finds records by a unique column only (this table has none)',
	listTablesFailed: 'Could not list the tables: HTTP 404. Choose "By ID" and enter the table\'s ID instead',
	expressionFailed: 'its expression failed: x is not defined',
	tableIdExpressionFailed: 'the expression for the table failed for this item: x is not defined',
	tableIdExpressionEmpty: 'no table for this item: the expression for the table gave an empty ID',
	baseUrlAdvice: 'Change the Base URL of the AltaTech credential.',
	serverSaid: 'The server said: "no such table"',
	timedOut: 'AltaTech did not answer within 120 s, after the request was sent',
	timedOutMs: 'AltaTech did not answer within 250 ms, after the request was sent',
	closedWithoutAnswer: 'The connection to AltaTech at https://altatech.ai was closed without an answer, perhaps after the request was received',
	unreachable: 'Could not reach AltaTech at https://altatech.ai: the connection was refused (is the server running, and is the Base URL right?)',
	unreachableOther: 'Could not reach AltaTech at https://altatech.ai: the connection failed',
	failedUnreadable: 'The request to AltaTech at https://altatech.ai failed without a readable answer (aborted)',
	failedUnreadableCode: 'The request to AltaTech at https://altatech.ai failed without a readable answer (the connection failed)',
	redirect:
		'AltaTech answered with a redirect (HTTP 301), which the node does not follow, so that the API key goes nowhere else: check the Base URL of the AltaTech credential',
	unreadableBody: 'AltaTech answered HTTP 502 without a readable body',
	bodyNotJson: 'AltaTech answered with a body that is not valid JSON',
	invalidBaseUrl: 'The Base URL "altatech" is not a valid URL',
	notHttps: 'The Base URL must start with https:// (not ftp://)',
	plainHttp:
		'The Base URL uses plain http:// to example.com: the API key would cross the network in clear text. Use https:// (plain http is allowed only for localhost, 127.0.0.0/8 and ::1)',
	keyRefused:
		'The API key was refused (unknown, expired, or without access to this agent): copy the key again from Integrations > API Key in AltaTech, and check the Base URL (by default https://altatech.ai)',
	webPage: 'The Base URL answered with a web page, not the AltaTech API: check the Base URL (by default https://altatech.ai)',
	emptyAnswer: "The Base URL gave an empty answer, not the AltaTech API's: check the Base URL (by default https://altatech.ai)",
	notTheApi: 'The Base URL did not answer as the AltaTech API does: check the Base URL (by default https://altatech.ai)',
	otherError: 'AltaTech answered with error code 20055: The API is disabled for this agent',
	notServed: 'The Base URL does not serve the AltaTech API (HTTP 404): check the Base URL (by default https://altatech.ai)',
	brokenCharacter:
		'the text has a broken character at position 4 (half of an emoji or other character, as left when text is cut in the middle of one); AltaTech would store "\uFFFD" in its place',
	notFinite: 'Infinity is not a number the table can store',
	notStorable: 'a function cannot be stored in a table',
	invalidDate: 'the date is invalid',
	notJson: 'the value cannot be written as JSON text (circular)',
	protoField: 'a field named "__proto__" cannot be imported: rename it (for example with an Edit Fields node)',
	unknownColumn: 'the table has no such column (its columns: id, name)',
	onlyUnknownFields: 'none of its fields (a, b) is a column of the table, so it would add a blank row (its columns: id)',
	notOfType: '"x" cannot be read as a whole number (INT)',
	beyondSafeInteger: '"9007199254740993" is a whole number beyond ±9007199254740991, the largest an INT can be sent as exactly',
	epochSeconds:
		'1732156566 looks like epoch seconds, but a number in a DATETIME column is read as epoch milliseconds (which would put it within 3 years of 1970): multiply it by 1000',
	emptyColumnName: 'a field has an empty name, which cannot be a column',
	required: 'the column is required, but the value is missing or empty',
	uniqueRequired: 'the column is unique, so every record needs a value, but it is missing or empty',
	uniqueLength: 'the column is unique, so its value may have at most 256 characters, not 257',
	uniqueRepeat: 'the column is unique, but the value "A" was already used by item 1',
	noValues: 'the record has no values: every field is empty (null, missing or empty text), so it would add a blank row',
	noMatchValue: 'the value to find the record by is missing or empty',
	matchValueNotOfType: '"abc" cannot be read as a whole number (INT), the type of the column to match on',
	matchValueTooLong: 'the value to find the record by has 300 characters; a unique column holds at most 256',
	matchRepeat: 'item 2 already writes the record with "a@x.com": each record once per execution',
	rejected: 'the server rejected this record: "records[3].values.price is not a number"',
	rejectedInReply: 'the server rejected this record: "duplicate value"',
	maybeNotWritten: 'this record may not have been written: the server reported 2 failure(s) but named only 1; check the table',
	notIsolated:
		'not stored: the server refused a request of 250 records holding this one because of some of them (AltaTech had an internal error; try again later), and the node did not split it further to find which (at most 100 requests per batch). This record may be valid: run the failed items again (in smaller batches if many are refused)',
	refusedAfterLostReply:
		'the server refused this record when it was sent again: "records[3].values.price is not a number". An earlier attempt lost its reply and may have imported it (or the value was stored before): check the table',
	requestFailed: 'The API rejected the request (parameter error). The server said: "records[3].values.price is not a number"',
	replyLost: `AltaTech did not answer within 120 s, after the request was sent: it may or may not have been imported. The records were not sent again, to avoid duplicates: ${check}`,
	heldBack: `Not sent again, because the run stopped at another request's failure. An earlier attempt lost its reply and may have imported the records: ${check}`,
	notSent: 'not sent, because an earlier request failed',
	cancelled: 'not sent: the execution was stopped',
	cancelledInFlight: `the execution was stopped while this request was on its way: it may or may not have been imported; ${check}`,
	recordTooLarge: 'The record is too large: as a request it takes 10485800 bytes, over the API\'s limit of 10485760 bytes for a whole request',
	gatewayGaveUp: "A gateway in front of AltaTech gave up on the reply (HTTP 524, Cloudflare's timeout waiting for the server) after the request was sent",
	noTaskId: 'AltaTech accepted the request but returned no task id',
	unexpected: 'The request failed unexpectedly: boom',
	writeReplyUnclear: 'AltaTech answered the write without saying what it did',
	unplacedFailures: 'of 3 record(s) the server reported 1 written and 2 failed, and named 1 of the failures',
	nothingImported: 'Nothing was imported.',
	nothingWritten: 'Nothing was written.',
	maybeWritten: '4 item(s) may or may not have been written (a reply was lost or unclear)',
	importsNotWaited:
		'2,500 item(s) were accepted for import: AltaTech imports them in the background, and an import can still fail (a unique value stored before, say). Turn on Options > Get Import Results to see how each ended, or ask Get Import Status later.',
	matchedRerun: 'A; B: the same items can be run again, as each is matched by its unique value or record ID (nothing is stored twice).',
	imported: '3 item(s) were already imported (task ids: t1, t2)',
	accepted: '3 item(s) were accepted for import, which AltaTech finishes unless their task fails (task ids: t1; Get Import Status tells)',
	unfinished: '2 item(s) were sent and may still be imported: their tasks had not finished when the node stopped waiting (task ids: t3)',
	written: '5 item(s) were written',
	maybeStored: '4 item(s) may or may not have been imported (a reply was lost or unclear, or a task did not name every row it dropped)',
	rerunWarning: 'A; B: re-running the same items may import them twice (a table with unique columns refuses the repeats instead).',
	othersFailed: ' 2 other item(s) failed too.',
	serverAdvice:
		'Check the failed items against the table (a unique value stored before, say), or set Invalid Records to Skip and Output as Errors (or turn on Continue On Fail) to get each failed item as an error while the others go.',
	nodeAdvice: 'Fix the input, or set Invalid Records to Skip and Output as Errors (or turn on Continue On Fail) to write the valid items and get the others as errors.',
	failedRequest: 'Bad key (table "tbl", request 2, items 1000 to 1999)',
	summary: 'Wrote 9,990 item(s) in 12 request(s); 1 failed; 11 extra request(s) isolated records the server rejected; 1,200 item(s) had fields the table does not have, left out.',
	resentNote: 'Sent again after the reply to an earlier attempt was lost. If this task fails on duplicate unique values, that earlier attempt may have imported the rows.',
	taskFailed: 'the import task t1 failed on AltaTech, so none of its rows were added: conflict',
	taskFailedAfterLostReply:
		'it failed. This request was sent again after the reply to an earlier attempt was lost: that attempt may have imported the rows (or some were stored before); check the table',
	rowDropped: 'AltaTech dropped this row while importing (task t1): bad INT',
	rowMaybeDropped:
		'this row may not have been added: the import task t1 dropped 3 row(s) but named only 2 (AltaTech names the first failure in each 10 rows); check the table',
	requestLog: 'AltaTech: table tbl, batch 2 of 3: 1000 records, 51234 bytes, 87 ms, 1 retries, accepted, task t2',
	missingResult: 'Item 7 has no result: this is a bug of the AltaTech node, please report it',
	runLog: 'AltaTech add: 2500 item(s) written, 3 failed, 4 request(s), 1234 ms',
};

describe('the wording of each message', () => {
	it('has words for every API code and HTTP status the node names', () => {
		expect(messages.API_CODE_TEXT[403106]).toBe('The table was not found: check the table chosen in the node');
		expect(messages.HTTP_STATUS_TEXT[404]).toBe("The Base URL does not serve this request (HTTP 404): check the AltaTech credential's Base URL, and that its data centre offers this operation");
	});

	for (const [group, list] of Object.entries(cases)) {
		it.each(list)(`${group}.%s`, (name, text) => expect(text).toBe(expected[name]));
	}

	it('is tested for every message function there is', () => {
		for (const group of GROUPS) {
			// A second case of one function is named after it with a suffix (timedOut, timedOutMs).
			const tested = new Set(cases[group].map(([name]) => name).filter((name) => name in messages[group]));
			expect([group, [...tested].sort()]).toEqual([group, Object.keys(messages[group]).sort()]);
		}
	});
});

describe('the variants of a message', () => {
	it('quote the server, or else give our reading of the failure', () => {
		expect(itemMessages.rejected(withoutServerText)).toBe('the server rejected this record (AltaTech had an internal error; try again later)');
		expect(itemMessages.requestFailed(withoutServerText)).toBe('AltaTech had an internal error; try again later.');
		expect(itemMessages.refusedAfterLostReply(false, refusal)).toMatch(/^the server refused the request holding this record when it was sent again/);
	});

	it('tell a lost reply from a re-send after one', () => {
		expect(itemMessages.replyLost(withoutServerText)).toBe(
			`AltaTech had an internal error; try again later. An earlier attempt lost its reply and may have imported the records: ${check}`,
		);
		expect(itemMessages.replyLost(undefined)).toBe(`Not sent again. An earlier attempt lost its reply and may have imported the records: ${check}`);
	});

	it('name gateways by their usual names, and others by none', () => {
		expect(requestMessages.gatewayGaveUp(504)).toMatch(/\(HTTP 504, Gateway Timeout\)/);
		expect(requestMessages.gatewayGaveUp(599)).toMatch(/\(HTTP 599, no reply\)/);
		expect(requestMessages.unexpected('text thrown')).toBe('The request failed unexpectedly: text thrown');
	});

	it('leave out what is not known, and say nothing of others when none failed', () => {
		expect(runMessages.othersFailed(0)).toBe('');
		expect(runMessages.failedRequest('Bad key', undefined, 1, 'item 0')).toBe('Bad key (request 1, item 0)');
		expect(runMessages.summary(3, 1, 1, 0, 0)).toBe('Wrote 3 item(s) in 1 request(s); 1 failed.');
	});
});

describe('how a failure, items, a request and a problem are described', () => {
	it('gives code, status and what the server said, each when known', () => {
		expect(messages.failureDetails(refusal)).toBe('Code 40000. HTTP 400. The server said: "records[3].values.price is not a number"');
		expect(messages.failureDetails(lost)).toBe('');
	});

	it('names items as one, a range, a list, or how many', () => {
		expect(messages.describeItems([7])).toBe('item 7');
		expect(messages.describeItems([2, 3, 4])).toBe('items 2 to 4');
		expect(messages.describeItems([1, 5, 9])).toBe('items 1, 5, 9');
		expect(messages.describeItems([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20])).toBe('11 items from 0 to 20');
	});

	it('names a request by number, table and items', () => {
		expect(messages.describeRequest(3, [2000, 2001], 'tbl')).toBe('Request 3 to table "tbl" (items 2000 to 2001)');
		expect(messages.describeRequest(1, [0])).toBe('Request 1 (item 0)');
	});

	it('names the item and the field of a problem', () => {
		expect(messages.describeProblem({ itemIndex: 3, field: 'price', message: 'bad' })).toBe('Item 3, field "price": bad');
		expect(messages.describeProblem({ itemIndex: 3, message: 'bad' })).toBe('Item 3: bad');
		expect(messages.describeProblem({ itemIndex: 0, field: '', message: 'bad' })).toBe('Item 0, field "": bad');
	});
});

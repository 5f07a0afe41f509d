import * as messages from '../../nodes/AltaTech/core/messages';
import { check, lost, refusal, withoutServerText } from './messageFixtures';

/** The words that change with what is known, and how failures, items, requests and problems are named. */
const { itemMessages, requestMessages, runMessages } = messages;

describe('the variants of a message', () => {
	it('quote the server, or else give our reading of the failure', () => {
		expect(itemMessages.rejected(withoutServerText)).toBe('the server rejected this record (AltaTech had an internal error; try again later)');
		expect(itemMessages.requestFailed(withoutServerText)).toBe('AltaTech had an internal error; try again later.');
		expect(itemMessages.refusedAfterLostReply(false, refusal)).toMatch(/^the server refused the request holding this record when it was sent again/);
	});

	it('tell a lost reply from a re-send after one', () => {
		expect(itemMessages.replyLost(withoutServerText)).toBe(
			`AltaTech had an internal error; try again later. An earlier attempt lost its reply and may have written the records: ${check}`,
		);
		expect(itemMessages.replyLost(undefined)).toBe(`Not sent again. An earlier attempt lost its reply and may have written the records: ${check}`);
		expect(itemMessages.replyLost(lost, 3)).toBe(`${lost.message}: it may or may not have been written (sent 3 times, the last reply lost); ${check}`);
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

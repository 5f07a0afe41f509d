import { cellOf, RowReader, type ConversionProblem } from '../../nodes/AltaTech/core/map';
import { Validator } from '../../nodes/AltaTech/core/validate';
import { readRow, validateRecord } from './steps';

/** A table that declares no columns: every field goes, as it is or as text. */
const reader = new RowReader({ fields: [] }, 'fail');

describe('mapping item fields to a record', () => {
	it('keeps strings, numbers and booleans as they are, in a new object', () => {
		const fields = { s: 'x', n: 1.5, z: 0, b: false, e: '' };
		const { record, problems, ignoredFields } = readRow(reader, 0, fields);
		expect(problems).toEqual([]);
		expect(ignoredFields).toBeUndefined();
		expect(record).toEqual({ s: 'x', n: 1.5, z: 0, b: false, e: '' });
		expect(record).not.toBe(fields);
	});

	it('leaves out null and undefined', () => {
		expect(readRow(reader, 0, { a: null, b: undefined, c: 'kept' }).record).toEqual({ c: 'kept' });
	});

	it('writes objects and arrays as JSON text, dates as ISO text, bigints as digits', () => {
		const nested = { a: [1, 'two'] };
		const { record } = readRow(reader, 0, { o: nested, a: [1, 2], d: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)), big: 12345678901234567890n });
		expect(record).toEqual({ o: '{"a":[1,"two"]}', a: '[1,2]', d: '2025-01-02T03:04:05.000Z', big: '12345678901234567890' });
		expect(nested).toEqual({ a: [1, 'two'] });
	});

	it('turns a Luxon DateTime into ISO text', () => {
		const { DateTime } = require('luxon');
		const value = DateTime.fromISO('2025-06-01T10:00:00', { zone: 'utc' });
		expect(cellOf(value)).toBe('2025-06-01T10:00:00.000Z');
		expect((cellOf(DateTime.invalid('no reason')) as ConversionProblem).rule).toBe('validDate');
	});

	it('names the item, the field and the rule for a value it cannot store, and keeps the others', () => {
		const { problems, record } = readRow(reader, 7, { ok: 1, bad: Number.NaN, inf: Infinity, fn: () => 1, sym: Symbol('s') });
		expect(problems.map((p) => [p.itemIndex, p.field, p.rule])).toEqual([
			[7, 'bad', 'finiteNumber'],
			[7, 'inf', 'finiteNumber'],
			[7, 'fn', 'convertible'],
			[7, 'sym', 'convertible'],
		]);
		expect(problems[0].message).toMatch(/^NaN /);
		expect(record).toEqual({ ok: 1 });
	});

	it('refuses inside an object or array what it refuses at the top level, instead of writing null or leaving it out', () => {
		const { DateTime } = require('luxon');
		const cases: Array<[unknown, string, RegExp]> = [
			[{ n: Number.NaN }, 'finiteNumber', /^inside the value, at "n": NaN /],
			[[1, Infinity], 'finiteNumber', /^inside the value, at "1": Infinity /],
			[{ d: new Date('x') }, 'validDate', /at "d": the date is invalid/],
			[{ when: DateTime.invalid('no reason') }, 'validDate', /at "when"/],
			[{ deep: { f: () => 1 } }, 'convertible', /at "f": a function /],
			[[Symbol('s')], 'convertible', /at "0": a symbol /],
			[{ m: new Map([['a', 1]]) }, 'convertible', /at "m": a Map /],
			[new Set([1]), 'convertible', /^a Set /],
			[{ o: { toJSON: () => undefined } }, 'convertible', /at "o": .*gave nothing/],
			[{ toJSON: () => undefined }, 'convertible', /^the value cannot be written as JSON text/],
		];
		for (const [value, rule, message] of cases) {
			const { problems, record } = readRow(reader, 3, { v: value, ok: 'kept' });
			expect([value, problems]).toEqual([value, [{ itemIndex: 3, field: 'v', rule, message: expect.stringMatching(message) }]]);
			expect(record).toEqual({ ok: 'kept' });
		}
		// What JSON writes faithfully stays as it was: nested dates, nulls, bigints as digits; undefined left out as at the top level.
		const fine = { d: new Date(Date.UTC(2025, 0, 2)), n: null, big: 12345678901234567890n, u: undefined, a: [1, 'x'] };
		expect(readRow(reader, 0, { v: fine }).record).toEqual({ v: '{"d":"2025-01-02T00:00:00.000Z","n":null,"big":"12345678901234567890","a":[1,"x"]}' });
	});

	it('reports an invalid date and a circular object', () => {
		const circular: Record<string, unknown> = {};
		circular.self = circular;
		const { problems } = readRow(reader, 1, { d: new Date('nope'), c: circular });
		expect(problems.map((p) => [p.field, p.rule])).toEqual([
			['d', 'validDate'],
			['c', 'convertible'],
		]);
	});

	it('refuses text holding half of a surrogate pair, naming where, and keeps whole emoji', () => {
		const cut = 'Party 🎉'.slice(0, 7); // the emoji's first half only
		const position = (text: string) => /at position (\d+) /.exec(readRow(reader, 0, { text }).problems[0]?.message ?? '')?.[1];
		expect(readRow(reader, 4, { ok: 'Party 🎉', name: cut }).problems).toEqual([{ itemIndex: 4, field: 'name', rule: 'wellFormedText', message: expect.any(String) }]);
		expect(position(cut)).toBe('7');
		expect(position('🎉'.slice(1) + 'x')).toBe('1');
		// Positions count characters as the user sees them: each emoji is one.
		expect(position('🎉a🎉\uDC00')).toBe('4');
		expect(position('🎉🎉🎉\uD83D')).toBe('4');
		expect(readRow(reader, 0, { ok: '🎉🎉 ü' }).problems).toEqual([]);
	});

	it('reports a field named "__proto__" instead of losing it', () => {
		const { problems, record } = readRow(reader, 2, JSON.parse('{"a": "1", "__proto__": "7"}'));
		expect(problems).toEqual([expect.objectContaining({ itemIndex: 2, field: '__proto__', rule: 'columnName' })]);
		expect(record).toEqual({ a: '1' });
		expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
	});

	it("reads only the item's own fields", () => {
		const inherited = Object.create({ parent: 'x' });
		inherited.own = 'y';
		expect(readRow(reader, 0, inherited).record).toEqual({ own: 'y' });
	});

	it('rejects a record with no values at all', () => {
		const validator = new Validator({ fields: [] });
		expect(validateRecord(validator, 3, readRow(reader, 3, { a: null }).record)).toEqual([expect.objectContaining({ itemIndex: 3, rule: 'notEmpty' })]);
		// Only empty texts: in the CSV a blank row all the same.
		expect(validateRecord(validator, 3, { a: '', b: '' })).toEqual([expect.objectContaining({ itemIndex: 3, rule: 'notEmpty' })]);
		expect(validateRecord(validator, 3, { a: '', b: 'x' })).toEqual([]);
	});
});

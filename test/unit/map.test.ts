import { mapRow, toCellValue } from '../../nodes/AltaTech/core/map';
import { Validator } from '../../nodes/AltaTech/core/validate';

describe('mapping item fields to a record', () => {
	it('keeps strings, numbers and booleans as they are', () => {
		const { record, problems } = mapRow({ itemIndex: 0, fields: { s: 'x', n: 1.5, z: 0, b: false, e: '' } });
		expect(problems).toEqual([]);
		expect(record).toEqual({ s: 'x', n: 1.5, z: 0, b: false, e: '' });
	});

	it('leaves out null and undefined', () => {
		expect(mapRow({ itemIndex: 0, fields: { a: null, b: undefined, c: 'kept' } }).record).toEqual({ c: 'kept' });
	});

	it('writes objects and arrays as JSON text and dates as ISO text', () => {
		const { record } = mapRow({
			itemIndex: 0,
			fields: { o: { a: [1, 'two'] }, a: [1, 2], d: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) },
		});
		expect(record).toEqual({ o: '{"a":[1,"two"]}', a: '[1,2]', d: '2025-01-02T03:04:05.000Z' });
	});

	it('turns a Luxon DateTime into ISO text', () => {
		const { DateTime } = require('luxon');
		const value = DateTime.fromISO('2025-06-01T10:00:00', { zone: 'utc' });
		expect(toCellValue(value).value).toBe('2025-06-01T10:00:00.000Z');
	});

	it('names the item, the field and the rule for a value it cannot store', () => {
		const { problems } = mapRow({ itemIndex: 7, fields: { ok: 1, bad: Number.NaN, inf: Infinity } });
		expect(problems).toEqual([
			expect.objectContaining({ itemIndex: 7, field: 'bad', rule: 'finiteNumber' }),
			expect.objectContaining({ itemIndex: 7, field: 'inf', rule: 'finiteNumber' }),
		]);
		expect(problems[0].message).toBe('NaN is not a number the table can store');
	});

	it('reports an invalid date and a circular object', () => {
		const circular: Record<string, unknown> = {};
		circular.self = circular;
		const { problems } = mapRow({ itemIndex: 1, fields: { d: new Date('nope'), c: circular } });
		expect(problems.map((p) => [p.field, p.rule])).toEqual([
			['d', 'validDate'],
			['c', 'convertible'],
		]);
	});

	it('refuses text holding half of a surrogate pair, naming where, and keeps whole emoji', () => {
		const cut = 'Party 🎉'.slice(0, 7); // the emoji's first half only
		expect(mapRow({ itemIndex: 4, fields: { ok: 'Party 🎉', name: cut } }).problems).toEqual([
			{
				itemIndex: 4,
				field: 'name',
				rule: 'wellFormedText',
				message: 'the text has a broken character at position 7 (half of an emoji or other character, as left when text is cut in the middle of one); AltaTech would store "\uFFFD" in its place',
			},
		]);
		expect(mapRow({ itemIndex: 0, fields: { lowHalfFirst: '🎉'.slice(1) + 'x' } }).problems[0].message).toMatch(/at position 1 /);
		// Positions count characters as the user sees them: each emoji is one.
		expect(mapRow({ itemIndex: 0, fields: { pairs: '🎉a🎉\uDC00' } }).problems[0].message).toMatch(/at position 4 /);
		expect(mapRow({ itemIndex: 0, fields: { end: '🎉🎉🎉\uD83D' } }).problems[0].message).toMatch(/at position 4 /);
		expect(mapRow({ itemIndex: 0, fields: { ok: '🎉🎉 ü' } }).problems).toEqual([]);
	});

	it('rejects a record with no values at all', () => {
		const validator = new Validator({ fields: [] });
		expect(validator.validate(3, {})).toEqual([expect.objectContaining({ itemIndex: 3, rule: 'notEmpty' })]);
		// Only empty texts: in the CSV a blank row all the same.
		expect(validator.validate(3, { a: '', b: '' })).toEqual([expect.objectContaining({ itemIndex: 3, rule: 'notEmpty' })]);
		expect(validator.validate(3, { a: '', b: 'x' })).toEqual([]);
	});
});

describe('records sent as they are', () => {
	const { sendableAsIsBytesAtMost } = require('../../nodes/AltaTech/core/map');
	const { recordValueBytesAtMost } = require('../../nodes/AltaTech/core/csv');

	it('takes the same size bound as the batch planner, in the same pass', () => {
		for (const record of [{}, { a: 'x' }, { s: 'héllo, "w"\n', n: -0.0000012345678901234567, b: false, e: '' }, { big: 'x'.repeat(100_000) }]) {
			expect(sendableAsIsBytesAtMost(record)).toBe(recordValueBytesAtMost(record));
		}
	});

	it('refuses what must be converted or left out', () => {
		const inherited = Object.create({ parent: 'x' });
		inherited.own = 'y';
		const protoKey = JSON.parse('{"__proto__": "x"}');
		for (const fields of [{ a: 'half \uD83C' }, { a: null }, { a: undefined }, { a: Number.NaN }, { a: Infinity }, { a: { b: 1 } }, { a: [1] }, { a: new Date(0) }, { a: 1n }, inherited, protoKey]) {
			expect(sendableAsIsBytesAtMost(fields)).toBe(-1);
		}
	});

	it('reports a field named "__proto__" instead of losing it', () => {
		const { convertRow } = require('../../nodes/AltaTech/core/map');
		const converted = convertRow({ itemIndex: 2, fields: JSON.parse('{"a": "1", "__proto__": "7"}') });
		expect(converted.problems).toEqual([expect.objectContaining({ itemIndex: 2, field: '__proto__', rule: 'columnName' })]);
	});
});

import { countOf, fieldOf, payloadOf } from '../../nodes/AltaTech/core/replies';

describe('payloadOf', () => {
	it("takes an envelope's data, whatever the data is", () => {
		const data = { total_count: '1', success_count: '0', fail_count: '1', fail_detail: [] };
		expect(payloadOf({ code: 0, message: 'success', data })).toBe(data);
		expect(payloadOf({ code: 0, message: 'OK', data: ['task-1'] })).toEqual(['task-1']);
		expect(payloadOf({ code: 0, data: null })).toBeNull();
		expect(payloadOf({ code: 0, data: 'task-1' })).toBe('task-1');
	});

	it('takes a bare reply as it is: data without a code beside it is a field of the reply, not an envelope', () => {
		const bare = { totalCount: 4, success_count: 2, fail_count: 2, fail_detail: [] };
		expect(payloadOf(bare)).toBe(bare);
		const dataOnly = { data: 'task-1' };
		expect(payloadOf(dataOnly)).toBe(dataOnly);
		const codeOnly = { code: 0, message: 'OK' };
		expect(payloadOf(codeOnly)).toBe(codeOnly);
	});

	it('passes through what is not an object (or is a list)', () => {
		for (const body of [undefined, null, 'OK', 7, true]) expect(payloadOf(body)).toBe(body);
		const list = Object.assign(['x'], { code: 0, data: 'inner' });
		expect(payloadOf(list)).toBe(list);
	});
});

describe('countOf', () => {
	it('reads a count given as a number or as numeric text, blanks around it', () => {
		expect([0, 3, 250, '0', '2', ' 12 ', '1000'].map(countOf)).toEqual([0, 3, 250, 0, 2, 12, 1000]);
	});

	it('gives no count for what is absent, negative, not finite or not a number', () => {
		for (const value of [undefined, null, '', '   ', 'two', '3 rows', -1, '-1', NaN, Infinity, 'Infinity', true, false, {}, [], [2]]) {
			expect([value, countOf(value)]).toEqual([value, undefined]);
		}
	});
});

describe('fieldOf', () => {
	it('takes the first of the names the object has, even when its value is a falsy one', () => {
		expect(fieldOf({ total_count: 3 }, 'totalCount', 'total_count')).toBe(3);
		expect(fieldOf({ totalCount: 4, total_count: 3 }, 'totalCount', 'total_count')).toBe(4);
		expect(fieldOf({ totalCount: 0, total_count: 3 }, 'totalCount', 'total_count')).toBe(0);
		expect(fieldOf({ fail_detail: [] }, 'fail_detail', 'failDetail')).toEqual([]);
	});

	it('gives undefined when the object has none of the names, or is not an object', () => {
		expect(fieldOf({ other: 1 }, 'totalCount', 'total_count')).toBeUndefined();
		expect(fieldOf({ total_count: 1 })).toBeUndefined();
		for (const value of [undefined, null, 'total_count', 5, true]) expect(fieldOf(value, 'total_count', 'length')).toBeUndefined();
	});
});

import { problemMessages } from '../../nodes/AltaTech/core/messages';
import { deletePreparer, matchColumnProblem, updatePreparer, type Match } from '../../nodes/AltaTech/core/matching';
import { importPreparer, type Prepare } from '../../nodes/AltaTech/core/pipeline';
import type { Findings, ItemProblem } from '../../nodes/AltaTech/core/rules';
import { API_MAX_UNIQUE_CHARS, type TableField, type TableSchema } from '../../nodes/AltaTech/core/types';
import { Validator } from '../../nodes/AltaTech/core/validate';
import { prepareOne } from './steps';

const column = (name: string, type: TableField['type'], unique = false, required = false): TableField => ({ name, type, required, unique });
const schema: TableSchema = {
	fields: [column('sku', 'TEXT', true), column('id', 'INT', true), column('name', 'TEXT'), column('qty', 'INT'), column('price', 'FLOAT'), column('active', 'BOOLEAN'), column('seen', 'DATETIME')],
};
const byColumn = (name: string): Match => ({ by: 'column', column: schema.fields.find((f) => f.name === name)! });
const byRecordId: Match = { by: 'recordId' };

/**
 * The checks of one execution's match values, through Delete's preparer (an item's entry names
 * its record by the value given): each check gives the value as sent, or the item's problem.
 */
function matchKeys(match: Match) {
	const values: unknown[] = [];
	const { prepare } = deletePreparer(match, values);
	return {
		check(itemIndex: number, raw: unknown): { value: unknown } | { problem: ItemProblem } {
			values.push(raw);
			const { record, problems } = prepareOne(prepare, itemIndex, {}, values.length - 1);
			return record ? { value: record.record_id ?? Object.values(record.filter ?? {})[0] } : { problem: problems[0] };
		},
	};
}

/** What check gave, as [rule or 'ok', value]: the rule of a problem, or the value. */
const outcome = (checked: ReturnType<ReturnType<typeof matchKeys>['check']>) => ('problem' in checked ? [checked.problem.rule, undefined] : ['ok', checked.value]);

describe('matchColumnProblem', () => {
	it('accepts a unique column of the table', () => {
		expect(matchColumnProblem(schema, 'sku')).toBeUndefined();
		expect(matchColumnProblem(schema, 'id')).toBeUndefined();
	});

	it('refuses no column, a column the table lacks, and a column that is not unique', () => {
		for (const name of [undefined, '', 'nope', 'SKU', 'name', 'qty']) expect([name, matchColumnProblem(schema, name)]).toEqual([name, expect.any(String)]);
		expect(matchColumnProblem({ fields: [] }, 'sku')).toEqual(expect.any(String));
		expect(matchColumnProblem({ fields: [column('name', 'TEXT')] }, 'name')).toEqual(expect.any(String));
	});
});

describe('match values', () => {
	it('refuses a missing or empty value, naming the item and the match column', () => {
		for (const raw of [undefined, null, '', '   ', '\t\n']) {
			const keys = matchKeys(byColumn('sku'));
			expect([raw, keys.check(4, raw)]).toEqual([raw, { problem: { itemIndex: 4, field: 'sku', rule: 'matchValue', message: expect.any(String) } }]);
		}
		expect(matchKeys(byRecordId).check(2, '  ')).toEqual({ problem: { itemIndex: 2, field: 'recordId', rule: 'matchValue', message: expect.any(String) } });
	});

	it('refuses a record id given as a number that has lost digits, and takes it as text or as a small whole number', () => {
		// 541278230707963308 as a number is 541278230707963300: another record's id.
		for (const raw of [Number('541278230707963308'), 2 ** 53, 12.5]) {
			expect([raw, matchKeys(byRecordId).check(1, raw)]).toEqual([raw, { problem: { itemIndex: 1, field: 'recordId', rule: 'matchValue', message: expect.stringContaining('as text') } }]);
		}
		expect(matchKeys(byRecordId).check(0, '541278230707963308')).toEqual({ value: '541278230707963308' });
		expect(matchKeys(byRecordId).check(0, 12345)).toEqual({ value: '12345' });
	});

	it("converts the value to the column's type, as the filter is sent", () => {
		const cases: Array<[string, unknown, unknown]> = [
			['id', '07', 7],
			['id', 12, 12],
			['sku', 5, '5'],
			['sku', true, 'true'],
			['price', '1.50', 1.5],
			['active', 'yes', true],
			['active', 0, false],
			['seen', '2025-01-02T03:04:05+02:00', '2025-01-02 01:04:05'],
			['seen', new Date(Date.UTC(2025, 0, 2, 3, 4, 5)), '2025-01-02 03:04:05'],
		];
		for (const [name, raw, value] of cases) expect([name, raw, outcome(matchKeys(byColumn(name)).check(0, raw))]).toEqual([name, raw, ['ok', value]]);
	});

	it("refuses a value that is not of the column's type", () => {
		for (const [name, raw] of [
			['id', '7.5'],
			['id', 'seven'],
			['price', 'cheap'],
			['active', 'maybe'],
			['seen', 'yesterday'],
		] as const) {
			expect([name, raw, matchKeys(byColumn(name)).check(1, raw)]).toEqual([name, raw, { problem: { itemIndex: 1, field: name, rule: 'matchValue', message: expect.any(String) } }]);
		}
	});

	it('takes a unique value of up to 256 characters, counted as characters (an emoji is one), not UTF-16 units', () => {
		expect(API_MAX_UNIQUE_CHARS).toBe(256);
		const keys = matchKeys(byColumn('sku'));
		expect(outcome(keys.check(0, 'a'.repeat(256)))).toEqual(['ok', 'a'.repeat(256)]);
		expect(outcome(keys.check(1, '😀'.repeat(256)))).toEqual(['ok', '😀'.repeat(256)]);
		expect(keys.check(2, 'b'.repeat(257))).toEqual({ problem: { itemIndex: 2, field: 'sku', rule: 'matchValue', message: problemMessages.matchValueTooLong(256, 257) } });
		expect(outcome(keys.check(3, '😀'.repeat(257)))).toEqual(['matchValue', undefined]);
	});

	it('takes a record id as trimmed text, of any length (the 256-character limit is for unique values)', () => {
		const keys = matchKeys(byRecordId);
		expect(outcome(keys.check(0, ' 123456 '))).toEqual(['ok', '123456']);
		expect(outcome(keys.check(1, 789))).toEqual(['ok', '789']);
		expect(outcome(keys.check(2, 'r'.repeat(300)))).toEqual(['ok', 'r'.repeat(300)]);
	});

	it('refuses a record named twice in an execution, by its value as sent; the first item keeps it', () => {
		const keys = matchKeys(byColumn('id'));
		expect(outcome(keys.check(0, 5))).toEqual(['ok', 5]);
		expect(keys.check(1, '5')).toEqual({ problem: { itemIndex: 1, field: 'id', rule: 'matchRepeat', message: expect.any(String) } });
		expect(outcome(keys.check(2, ' 05 '))).toEqual(['matchRepeat', undefined]);
		expect(outcome(keys.check(3, 6))).toEqual(['ok', 6]);

		const times = matchKeys(byColumn('seen'));
		expect(outcome(times.check(0, '2025-01-02T03:04:05Z'))).toEqual(['ok', '2025-01-02 03:04:05']);
		expect(outcome(times.check(1, '2025-01-02 05:04:05+02:00'))).toEqual(['matchRepeat', undefined]);

		const ids = matchKeys(byRecordId);
		expect(outcome(ids.check(0, 42))).toEqual(['ok', '42']);
		expect(outcome(ids.check(1, ' 42'))).toEqual(['matchRepeat', undefined]);
	});

	it('claims nothing for a refused value', () => {
		const keys = matchKeys(byColumn('sku'));
		expect(outcome(keys.check(0, ''))).toEqual(['matchValue', undefined]);
		expect(outcome(keys.check(1, 'x'.repeat(257)))).toEqual(['matchValue', undefined]);
		expect(outcome(keys.check(2, 'x'.repeat(257)))).toEqual(['matchValue', undefined]);
		expect(outcome(keys.check(3, 'A'))).toEqual(['ok', 'A']);
		expect(outcome(keys.check(4, 'B'))).toEqual(['ok', 'B']);
		// A fresh execution starts over.
		expect(outcome(matchKeys(byColumn('sku')).check(0, 'A'))).toEqual(['ok', 'A']);
	});
});

describe('updatePreparer', () => {
	it("by a column: the filter holds the match value in the column's type, updated_fields every field typed", () => {
		const preparer = updatePreparer(schema, byColumn('id'), 'fail');
		expect(prepareOne(preparer.prepare, 3, { id: '07', name: 'Ann', qty: '2', price: '9.90', active: 'no', seen: '2025-01-02' }, 0)).toEqual({
			record: { filter: { id: 7 }, updated_fields: { id: 7, name: 'Ann', qty: 2, price: 9.9, active: false, seen: '2025-01-02 00:00:00' } },
			problems: [],
			ignoredFields: undefined,
		});
	});

	it('by record id: the id comes from the keys, by position, and is not one of the fields', () => {
		const preparer = updatePreparer(schema, byRecordId, 'fail', ['111', 222, ' 333 ']);
		expect(prepareOne(preparer.prepare, 7, { name: 'Ann' }, 0).record).toEqual({ record_id: '111', updated_fields: { name: 'Ann' } });
		expect(prepareOne(preparer.prepare, 9, { qty: '4' }, 2).record).toEqual({ record_id: '333', updated_fields: { qty: 4 } });
		expect(prepareOne(preparer.prepare, 8, { qty: 1 }, 1).record).toEqual({ record_id: '222', updated_fields: { qty: 1 } });
	});

	it("reports each problem with its item, field and rule, the match value's with the others", () => {
		const preparer = updatePreparer(schema, byColumn('sku'), 'fail');
		const prepared = prepareOne(preparer.prepare, 5, { sku: '', qty: 'many', colour: 'red' }, 0);
		expect(prepared.record).toBeUndefined();
		expect(prepared.problems.map(({ itemIndex, field, rule }) => ({ itemIndex, field, rule }))).toEqual(
			expect.arrayContaining([
				{ itemIndex: 5, field: 'qty', rule: 'type' },
				{ itemIndex: 5, field: 'colour', rule: 'unknownField' },
				{ itemIndex: 5, field: 'sku', rule: 'matchValue' },
			]),
		);
		expect(prepared.problems).toHaveLength(3);
	});

	it("names a match column's value the column cannot take once, not once as a value and again as the match", () => {
		const prepared = prepareOne(updatePreparer(schema, byColumn('id'), 'fail').prepare, 4, { id: '7.5', name: 'Ann' }, 0);
		expect(prepared.problems).toEqual([{ itemIndex: 4, field: 'id', rule: 'type', message: expect.any(String) }]);
	});

	it('a missing match value or record id alone keeps the item from going', () => {
		expect(prepareOne(updatePreparer(schema, byColumn('sku'), 'fail').prepare, 0, { name: 'Ann' }, 0)).toEqual({
			problems: [{ itemIndex: 0, field: 'sku', rule: 'matchValue', message: expect.any(String) }],
			ignoredFields: undefined,
		});
		expect(prepareOne(updatePreparer(schema, byRecordId, 'fail', [undefined]).prepare, 1, { name: 'Ann' }, 0).problems).toEqual([
			{ itemIndex: 1, field: 'recordId', rule: 'matchValue', message: expect.any(String) },
		]);
		expect(prepareOne(updatePreparer(schema, byRecordId, 'fail').prepare, 2, { name: 'Ann' }, 0).problems.map((p) => p.rule)).toEqual(['matchValue']);
	});

	it('leaves out fields the table lacks when told to ignore them, and says which', () => {
		const prepared = prepareOne(updatePreparer(schema, byColumn('sku'), 'ignore').prepare, 0, { sku: 'A', colour: 'red', qty: 1 }, 0);
		expect(prepared).toEqual({ record: { filter: { sku: 'A' }, updated_fields: { sku: 'A', qty: 1 } }, problems: [], ignoredFields: ['colour'] });
	});

	it('refuses the second item that writes the same record', () => {
		const preparer = updatePreparer(schema, byColumn('sku'), 'fail');
		expect(prepareOne(preparer.prepare, 0, { sku: 'A', qty: 1 }, 0).record).toEqual({ filter: { sku: 'A' }, updated_fields: { sku: 'A', qty: 1 } });
		expect(prepareOne(preparer.prepare, 1, { sku: 'A', qty: 2 }, 1)).toEqual({ problems: [{ itemIndex: 1, field: 'sku', rule: 'matchRepeat', message: expect.any(String) }], ignoredFields: undefined });
		expect(prepareOne(preparer.prepare, 2, { sku: 'B', qty: 2 }, 2).record).toEqual({ filter: { sku: 'B' }, updated_fields: { sku: 'B', qty: 2 } });
	});
});

describe('deletePreparer', () => {
	it("by a column: the value from the keys, by position, in the column's type; the item's fields are not read", () => {
		const preparer = deletePreparer(byColumn('id'), ['07', 8]);
		expect(prepareOne(preparer.prepare, 4, { id: 99, name: 'x' }, 0)).toEqual({ record: { filter: { id: 7 } }, problems: [] });
		expect(prepareOne(preparer.prepare, 5, {}, 1)).toEqual({ record: { filter: { id: 8 } }, problems: [] });
	});

	it('by record id: the id as trimmed text', () => {
		const preparer = deletePreparer(byRecordId, [' 123 ', 456]);
		expect(prepareOne(preparer.prepare, 0, {}, 0)).toEqual({ record: { record_id: '123' }, problems: [] });
		expect(prepareOne(preparer.prepare, 1, {}, 1)).toEqual({ record: { record_id: '456' }, problems: [] });
	});

	it('refuses a missing, mistyped or repeated value with its item, field and rule', () => {
		const preparer = deletePreparer(byColumn('id'), ['', 'x', 3, '3', undefined]);
		const rules = [0, 1, 2, 3, 4].map((position) => {
			const prepared = prepareOne(preparer.prepare, 10 + position, {}, position);
			return prepared.record ? 'ok' : prepared.problems.map((p) => `${p.itemIndex}:${p.field}:${p.rule}`).join();
		});
		expect(rules).toEqual(['10:id:matchValue', '11:id:matchValue', 'ok', '13:id:matchRepeat', '14:id:matchValue']);
		expect(prepareOne(deletePreparer(byRecordId, [null]).prepare, 0, {}, 0)).toEqual({ problems: [{ itemIndex: 0, field: 'recordId', rule: 'matchValue', message: expect.any(String) }] });
	});
});

describe('a match value claimed only by an item that goes', () => {
	it('an item with another problem, or too large to send, leaves its record to a later item', () => {
		const typed: TableSchema = { fields: [column('sku', 'TEXT', true), column('qty', 'INT')] };
		const preparer = updatePreparer(typed, { by: 'column', column: typed.fields[0] }, 'fail');
		expect(prepareOne(preparer.prepare, 0, { sku: 'A', qty: 'many' }, 0).problems.map((p) => p.rule)).toEqual(['type']);
		const second = prepareOne(preparer.prepare, 1, { sku: 'A', qty: 2 }, 1);
		expect(second.problems).toEqual([]);
		preparer.release(1, second.record!);
		expect(prepareOne(preparer.prepare, 2, { sku: 'A', qty: 3 }, 2).problems).toEqual([]);
	});

	it('names the real cause of a value that cannot be a match value', () => {
		const keys = matchKeys(byColumn('id'));
		const broken = keys.check(0, 'a\ud800b');
		expect('problem' in broken && broken.problem).toMatchObject({ rule: 'matchValue', message: expect.stringContaining('broken character') });
	});
});

describe('preparing an item after earlier items failed', () => {
	// The plan's findings already hold earlier items' problems: each step counts only its own.
	const earlier = (): Findings => ({ problems: [{ itemIndex: 0, rule: 'type', message: 'earlier' }], ignoredFields: new Map() });

	it('sends a valid item and reports an invalid one the same way, for every write', () => {
		const preparers: Array<[string, Prepare<unknown>, Record<string, unknown>, Record<string, unknown>]> = [
			['add', importPreparer(schema, 'ignore').prepare, { sku: 'A', id: 1, qty: 1, colour: 'red' }, { sku: 'B', id: 2, qty: 'x' }],
			['update', updatePreparer(schema, byColumn('sku'), 'ignore').prepare, { sku: 'A', qty: 1, colour: 'red' }, { sku: 'B', qty: 'x' }],
			['delete', deletePreparer(byColumn('sku'), ['A', '']).prepare, {}, {}],
		];
		for (const [name, prepare, valid, invalid] of preparers) {
			const findings = earlier();
			expect([name, prepare(1, valid, 0, findings) !== undefined, findings.problems.length]).toEqual([name, true, 1]);
			expect([name, prepare(2, invalid, 1, findings)]).toEqual([name, undefined]);
			expect([name, findings.problems.map((p) => p.itemIndex)]).toEqual([name, [0, 2]]);
			if (name !== 'delete') expect([name, findings.ignoredFields.get(1)]).toEqual([name, ['colour']]);
		}
	});

	it('validates a record whose reading found nothing wrong, whatever came before', () => {
		const validator = new Validator({ fields: [column('sku', 'TEXT', true)] });
		const findings = earlier();
		expect(validator.validate(1, { sku: 'A' }, findings.problems)).toBe(true);
		expect(validator.validate(2, { sku: 'A' }, findings.problems)).toBe(false);
		expect(findings.problems.map((p) => [p.itemIndex, p.rule])).toEqual([
			[0, 'type'],
			[2, 'uniqueRepeat'],
		]);
	});
});

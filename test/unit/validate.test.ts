import { importRecordsEndpoint } from '../../nodes/AltaTech/core/endpoints/importRecords';
import { importPreparer, planWrite } from '../../nodes/AltaTech/core/pipeline';
import { Validator } from '../../nodes/AltaTech/core/validate';
import type { TableField } from '../../nodes/AltaTech/core/types';
import { prepareOne, validateRecord } from './steps';

const fields: TableField[] = [
	{ name: 'sku', type: 'TEXT', required: true, unique: true },
	{ name: 'name', type: 'TEXT', required: true, unique: false },
];
const rules = (problems: readonly { rule: string; field?: string }[]) => problems.map((p) => `${p.field}:${p.rule}`);

describe('validating records against the table', () => {
	it('counts a unique value in characters (code points), not UTF-16 units', () => {
		const validator = new Validator({ fields });
		// 256 emoji are 512 UTF-16 units but 256 characters: within the limit.
		expect(validateRecord(validator, 0, { sku: '😀'.repeat(256), name: 'a' })).toEqual([]);
		const tooLong = validateRecord(validator, 1, { sku: '😀'.repeat(257), name: 'a' });
		expect(rules(tooLong)).toEqual(['sku:uniqueLength']);
		expect(tooLong[0].message).toMatch(/at most 256 characters, not 257$/);
	});

	it('blames a repeated unique value on the first item that went, not on an item that failed', () => {
		const validator = new Validator({ fields });
		expect(rules(validateRecord(validator, 0, { sku: 'A' }))).toEqual(['name:required']); // fails: claims nothing
		expect(validateRecord(validator, 1, { sku: 'A', name: 'first' })).toEqual([]);
		const repeat = validateRecord(validator, 2, { sku: 'A', name: 'second' });
		expect(rules(repeat)).toEqual(['sku:uniqueRepeat']);
		expect(repeat[0].message).toMatch(/"A" was already used by item 1$/);
		// Numbers are compared as the text the table stores.
		expect(validateRecord(validator, 3, { sku: 7, name: 'n' })).toEqual([]);
		expect(rules(validateRecord(validator, 4, { sku: '7', name: 'n' }))).toEqual(['sku:uniqueRepeat']);
	});

	it('reports every rule a record breaks, each with its field', () => {
		const validator = new Validator({ fields });
		// A record without values is blamed on the columns that need one; "no values" only when none does.
		expect(rules(validateRecord(validator, 0, { sku: '', name: '' }))).toEqual(['name:required', 'sku:uniqueRequired']);
		expect(rules(validateRecord(validator, 1, {}))).toEqual(['name:required', 'sku:uniqueRequired']);
		expect(rules(validateRecord(new Validator({ fields: fields.map((f) => ({ ...f, required: false, unique: false })) }), 1, { sku: '' }))).toEqual(['undefined:notEmpty']);
		expect(rules(validateRecord(validator, 2, { '': 'x', sku: 'B', name: 'b' }))).toEqual([':columnName']);
	});

	it('reads only the record\'s own fields, also for columns named like Object.prototype members', () => {
		const validator = new Validator({
			fields: [
				{ name: 'constructor', type: 'TEXT', required: true, unique: false },
				{ name: 'toString', type: 'TEXT', required: false, unique: true },
			],
		});
		expect(rules(validateRecord(validator, 0, { other: 'x' }))).toEqual(['constructor:required', 'toString:uniqueRequired']);
		expect(validateRecord(validator, 1, { constructor: 'c', toString: 'A' })).toEqual([]);
		// Without a value of its own the record claimed nothing, so item 2 is not a repeat.
		expect(validateRecord(validator, 2, { constructor: 'c', toString: 'B' })).toEqual([]);
		expect(rules(validateRecord(validator, 3, { constructor: 'c', toString: 'A' }))).toEqual(['toString:uniqueRepeat']);
	});
});

describe('planning: unique values and records too large to send', () => {
	const schema = {
		fields: [
			{ name: 'sku', type: 'TEXT', required: true, unique: true },
			{ name: 'body', type: 'TEXT', required: false, unique: false },
		] satisfies TableField[],
	};
	const limits = { ...importRecordsEndpoint({ tableId: 't', recordFormat: 'values', hasUniqueColumns: true }).limits, maxBytes: 200 };

	it('a record refused as too large keeps no claim on its unique value: a later corrected one goes', () => {
		const rows = {
			itemIndexes: [0, 1, 2, 3],
			fields: [{ sku: 'A', body: 'x'.repeat(300) }, { sku: 'A', body: 'corrected' }, { sku: 'A', body: 'again' }, { sku: 'B', body: 'y'.repeat(300) }],
		};
		const preparer = importPreparer(schema, 'fail');
		const plan = planWrite(rows, preparer.prepare, limits, preparer.release);
		expect(plan.batches.map((b) => b.itemIndexes)).toEqual([[1]]);
		expect(plan.batches[0].records).toEqual([{ sku: 'A', body: 'corrected' }]);
		expect(plan.problems.map((p) => [p.itemIndex, p.field, p.rule])).toEqual([
			[0, undefined, 'recordSize'],
			[2, 'sku', 'uniqueRepeat'],
			[3, undefined, 'recordSize'],
		]);
		expect(plan.problems[1].message).toMatch(/"A" was already used by item 1$/);
		// B too was given up: a later B goes.
		expect(prepareOne(preparer.prepare, 4, { sku: 'B' }).problems).toEqual([]);
	});

	it('an item with a problem while reading is not validated, and claims nothing', () => {
		const preparer = importPreparer({ fields: [...schema.fields, { name: 'n', type: 'INT', required: false, unique: false }] }, 'fail');
		expect(prepareOne(preparer.prepare, 0, { sku: 'A', n: 'x' }).problems.map((p) => p.rule)).toEqual(['type']);
		expect(prepareOne(preparer.prepare, 1, { sku: 'A', n: 1 }).problems).toEqual([]);
		expect(prepareOne(preparer.prepare, 2, { sku: 'A', n: 2 }).problems.map((p) => p.rule)).toEqual(['uniqueRepeat']);
	});
});

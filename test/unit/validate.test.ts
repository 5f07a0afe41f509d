import { Validator } from '../../nodes/AltaTech/core/validate';
import type { TableField } from '../../nodes/AltaTech/core/types';

const fields: TableField[] = [
	{ name: 'sku', type: 'TEXT', required: true, unique: true },
	{ name: 'name', type: 'TEXT', required: true, unique: false },
];
const rules = (problems: readonly { rule: string; field?: string }[]) => problems.map((p) => `${p.field}:${p.rule}`);

describe('validating records against the table', () => {
	it('counts a unique value in characters (code points), not UTF-16 units', () => {
		const validator = new Validator({ fields });
		// 256 emoji are 512 UTF-16 units but 256 characters: within the limit.
		expect(validator.validate(0, { sku: '😀'.repeat(256), name: 'a' })).toEqual([]);
		const tooLong = validator.validate(1, { sku: '😀'.repeat(257), name: 'a' });
		expect(rules(tooLong)).toEqual(['sku:uniqueLength']);
		expect(tooLong[0].message).toMatch(/at most 256 characters, not 257$/);
	});

	it('blames a repeated unique value on the first item that went, not on an item that failed', () => {
		const validator = new Validator({ fields });
		expect(rules(validator.validate(0, { sku: 'A' }))).toEqual(['name:required']); // fails: claims nothing
		expect(validator.validate(1, { sku: 'A', name: 'first' })).toEqual([]);
		const repeat = validator.validate(2, { sku: 'A', name: 'second' });
		expect(rules(repeat)).toEqual(['sku:uniqueRepeat']);
		expect(repeat[0].message).toMatch(/"A" was already used by item 1$/);
		// Numbers are compared as the text the table stores.
		expect(validator.validate(3, { sku: 7, name: 'n' })).toEqual([]);
		expect(rules(validator.validate(4, { sku: '7', name: 'n' }))).toEqual(['sku:uniqueRepeat']);
	});

	it('reports every rule a record breaks, each with its field', () => {
		const validator = new Validator({ fields });
		expect(rules(validator.validate(0, { sku: '', name: '' }))).toEqual(['name:required', 'sku:uniqueRequired']);
		expect(rules(validator.validate(1, {}))).toEqual(['undefined:notEmpty', 'name:required', 'sku:uniqueRequired']);
		expect(rules(validator.validate(2, { '': 'x', sku: 'B', name: 'b' }))).toEqual([':columnName']);
	});
});

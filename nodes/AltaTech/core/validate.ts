import type { ItemProblem, TableRecord } from './types';

/**
 * Step 2: rules a record must meet before it is worth sending.
 * (Rules that need the whole batch, such as the CSV size, live in batch.ts.)
 */
export function validateRecord(itemIndex: number, record: TableRecord): ItemProblem[] {
	const problems: ItemProblem[] = [];
	const fields = Object.keys(record);
	if (fields.length === 0) {
		problems.push({
			itemIndex,
			rule: 'notEmpty',
			message: 'The record has no values: every field is empty (null or missing), so it would add a blank row',
		});
	}
	if (fields.includes('')) {
		problems.push({ itemIndex, field: '', rule: 'columnName', message: 'A field has an empty name, which cannot be a column' });
	}
	return problems;
}

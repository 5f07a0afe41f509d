/** The bad-input matrix: each input gets a clear error or a correct import, never a silent loss. */
import { API_KEY, autoMapParameters, imports, run, TABLES, useTestEmulator } from '../workflow/setup';

const emulator = useTestEmulator({}, { tables: TABLES, faults: [] });

const skip = (tableId: string) => autoMapParameters(tableId, { onInvalidRecord: 'skip' });

function deep(levels: number): Record<string, unknown> {
	let value: Record<string, unknown> = { leaf: 'x' };
	for (let i = 0; i < levels; i++) value = { level: i, child: value };
	return value;
}

describe('bad input', () => {
	it('0 items: no request, no error, no output', async () => {
		const result = await run(emulator, [], autoMapParameters('tbl_free'));
		expect(result.error).toBeUndefined();
		expect(result.output).toEqual([]);
		expect(emulator.requests).toEqual([]);
	});

	it('non-object values (arrays, nested objects) are stored as JSON text', async () => {
		const items = [{ id: '1', list: [1, [2, [3]]], obj: { a: { b: null } } }];
		await run(emulator, items, autoMapParameters('tbl_free'));
		expect(emulator.rows('tbl_free')).toEqual([{ id: '1', list: '[1,[2,[3]]]', obj: '{"a":{"b":null}}' }]);
	});

	it('deeply nested values become JSON text, however deep', async () => {
		const items = [{ id: '1', tree: deep(200) }];
		const result = await run(emulator, items, autoMapParameters('tbl_free'));
		expect(result.error).toBeUndefined();
		expect(JSON.parse(String(emulator.rows('tbl_free')[0].tree))).toEqual(deep(200));
	});

	it('1 MB strings import whole; requests stay under 10 MB', async () => {
		const big = 'é'.repeat(512 * 1024); // 1 MB of UTF-8
		const items = Array.from({ length: 15 }, (_, i) => ({ id: String(i), text: `${i}${big}` }));
		const result = await run(emulator, items, autoMapParameters('tbl_free'));
		expect(result.error).toBeUndefined();
		expect(emulator.rows('tbl_free')).toEqual(items);
		expect(imports(emulator).map((r) => r.recordCount)).toEqual([9, 6]);
	});

	it('every CSV-hostile character survives', async () => {
		const hostile = ['"', ',', '\n', '\r', '\r\n', '\t', '\u0000', '\u2028', '\uFEFF', '😀', '""', '",",', ';', '\\', ' leading', 'trailing '];
		const items = hostile.map((text, i) => ({ id: `${i}${text}`, text, [`col${text}`]: text }));
		const result = await run(emulator, items, autoMapParameters('tbl_free'));
		expect(result.error).toBeUndefined();
		expect(emulator.rows('tbl_free')).toEqual(items);
	});

	it('text cut in the middle of an emoji is a clear error, not stored with "\uFFFD" in its place', async () => {
		const items = [{ id: 'a', text: 'Launch 🚀 today'.slice(0, 8) }, { id: 'b', text: 'Launch 🚀 today' }];
		const refused = 'Item 0, field "text": the text has a broken character at position 8';
		const stopped = await run(emulator, items, autoMapParameters('tbl_free'));
		expect(stopped.error?.message).toMatch(new RegExp(`^${refused}`));
		expect(imports(emulator)).toEqual([]);
		const skipped = await run(emulator, items, skip('tbl_free'));
		expect(skipped.output.map((o) => o.json.error ?? 'ok')).toEqual([expect.stringMatching(new RegExp(`^${refused}`)), 'ok']);
		expect(emulator.rows('tbl_free')).toEqual([items[1]]);
	});

	it('keys differing only in case are two columns in a free table', async () => {
		const items = [{ id: '1', ID: '2', Id: '3' }];
		await run(emulator, items, autoMapParameters('tbl_free'));
		expect(emulator.rows('tbl_free')).toEqual(items);
	});

	it('keys differing only in case are a clear error in a table that has only one of them', async () => {
		const result = await run(emulator, [{ id: 'a', ID: 'b' }, { id: 'c' }], skip('tbl_unique'));
		expect(result.output[0].json.error).toBe('Item 0, field "ID": the table has no such column (its columns: id, name)');
		expect(emulator.rows('tbl_unique')).toEqual([{ id: 'c' }]);
	});

	it('values that cannot be stored name the item and the field', async () => {
		const items = [{ id: 'a', n: Number.NaN }, { id: 'b', n: Infinity }, { id: 'c', d: new Date('x') }, { id: 'ok' }];
		const result = await run(emulator, items, skip('tbl_free'));
		expect(result.output.map((o) => o.json.error ?? 'ok')).toEqual([
			'Item 0, field "n": NaN is not a number the table can store',
			'Item 1, field "n": Infinity is not a number the table can store',
			'Item 2, field "d": the date is invalid',
			'ok',
		]);
		expect(result.output.map((o) => o.json.error ?? '').join()).not.toContain(API_KEY);
	});

	it('an item with no values at all is an error, not a blank row', async () => {
		// Item 2: a sheet's trailing empty row; item 4 has a value, so its empty texts go.
		const result = await run(emulator, [{ a: null }, {}, { a: '', b: '' }, { id: 'x' }, { id: '', b: 'y' }], skip('tbl_free'));
		const blank = 'the record has no values: every field is empty (null, missing or empty text), so it would add a blank row';
		expect(result.output.map((o) => o.json.error ?? 'ok')).toEqual([`Item 0: ${blank}`, `Item 1: ${blank}`, `Item 2: ${blank}`, 'ok', 'ok']);
		expect(emulator.rows('tbl_free')).toEqual([{ id: 'x' }, { id: '', b: 'y' }]);
	});
});

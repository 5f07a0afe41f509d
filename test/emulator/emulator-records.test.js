// @ts-check
'use strict';

// POST /v2/database/delete/record, and what records/page gives of stored records: filter, keyword, ids, times.

const { useFixtureEmulator } = require('./testHelpers');

/** @type {import('./testHelpers').FixtureEmulator['emu']} */
let emu;
/** @type {import('./testHelpers').FixtureEmulator['api']} */
let api;

/** @type {import('./types').TableConfig} */
const CODES_TABLE = {
  id: 'tbl_codes',
  name: 'codes',
  fields: [
    { name: 'code', type: 'INT', required: true, unique: true },
    { name: 'label', type: 'TEXT' },
    { name: 'at', type: 'DATETIME' },
  ],
  rows: [{ code: 7, label: 'Seven', at: '2029-10-01 12:00:00' }, { code: 8, label: 'eight' }, { code: 70, label: 'seventy' }],
};
useFixtureEmulator((started) => ({ emu, api } = started), { tables: [CODES_TABLE] });
beforeEach(() => emu.reset());

/** @param {Record<string, unknown>} [search] */
const page = (search = {}) => api.page({ table_id: 'tbl_codes', page: 1, page_size: 100, ...search });
/** @param {{ json: any }} res @returns {unknown[]} */
const labels = (res) => res.json.data.records.map((/** @type {any} */ r) => r.value.label);

describe('records/page', () => {
  test('records carry an 18-digit id, the value and epoch-ms times; DATETIME reads back as stored', async () => {
    const res = await page();
    expect(res.json.data.total_count).toBe(3);
    const [first] = res.json.data.records;
    expect(first).toEqual({ id: expect.stringMatching(/^\d{18}$/), value: CODES_TABLE.rows?.[0], created_at: expect.any(Number), updated_at: first.created_at });
    expect(Math.abs(first.created_at - Date.now())).toBeLessThan(60_000);
    expect(first.value.at).toBe('2029-10-01 12:00:00');
  });

  test('ids differ across records and tables and stay the same across reads', async () => {
    const ids = (await page()).json.data.records.map((/** @type {any} */ r) => r.id);
    const productIds = (await api.page({ table_id: 'tbl_products', page: 1, page_size: 5 })).json.data.records.map((/** @type {any} */ r) => r.id);
    expect(new Set([...ids, ...productIds]).size).toBe(4);
    expect((await page()).json.data.records.map((/** @type {any} */ r) => r.id)).toEqual(ids);
  });

  test('filter: equality on one unique column, the value as the column stores it', async () => {
    expect(labels(await page({ filter: { code: 7 } }))).toEqual(['Seven']);
    expect(labels(await page({ filter: { code: '07' } }))).toEqual(['Seven']);
    const none = await page({ filter: { code: 9 } });
    expect([none.json.data.total_count, labels(none)]).toEqual([0, []]);
    expect(labels(await page({ filter: null }))).toHaveLength(3);
  });

  test('keyword: case-insensitive substring of any value, alone or with a filter', async () => {
    expect(labels(await page({ keyword: 'SEVEN' }))).toEqual(['Seven', 'seventy']);
    expect(labels(await page({ keyword: '2029-10' }))).toEqual(['Seven']);
    expect(labels(await page({ keyword: 'seven', filter: { code: 70 } }))).toEqual(['seventy']);
    expect(labels(await page({ keyword: 'eight', filter: { code: 70 } }))).toEqual([]);
  });

  test.each([
    ['two columns', { code: 7, label: 'Seven' }, /exactly one unique column, got 2/],
    ['a column that is not unique', { label: 'Seven' }, /"label" is not unique/],
    ['an unknown column', { nope: 1 }, /"nope" is not a field/],
    ['not an object', 'code=7', /must be a JSON object/],
    ['an object value', { code: { gt: 1 } }, /must be a string, number or boolean/],
  ])('a filter on %s is a 40000', async (_label, filter, message) => {
    const res = await page({ filter });
    expect([res.status, res.json.code]).toEqual([400, 40000]);
    expect(res.json.message).toMatch(message);
  });

  test('a schemaless table has no unique column to filter on', async () => {
    const res = await api.page({ table_id: 'tbl_free', page: 1, page_size: 1, filter: { a: 1 } });
    expect([res.status, res.json.code]).toEqual([400, 40000]);
  });
});

describe('delete/record', () => {
  test('deletes by record_id and by filter; replies {code: 0, message: "OK"} and no counts', async () => {
    const [seven] = (await page({ filter: { code: 7 } })).json.data.records;
    const res = await api.remove({ table_id: 'tbl_codes', delete_data: [{ record_id: seven.id }, { filter: { code: '70' } }] });
    expect([res.status, res.json]).toEqual([200, { code: 0, message: 'OK' }]);
    expect(emu.rows('tbl_codes')).toEqual([{ code: 8, label: 'eight' }]);
  });

  test('record_id wins over filter', async () => {
    const [eight] = (await page({ filter: { code: 8 } })).json.data.records;
    await api.remove({ table_id: 'tbl_codes', delete_data: [{ record_id: eight.id, filter: { code: 7 } }] });
    expect(labels(await page())).toEqual(['Seven', 'seventy']);
  });

  test('entries that match nothing (or a record already deleted) are silently nothing', async () => {
    const [eight] = (await page({ filter: { code: 8 } })).json.data.records;
    const res = await api.remove({
      table_id: 'tbl_codes',
      delete_data: [{ filter: { code: 99 } }, { record_id: '541278230707963208' }, { record_id: 'x' }, { record_id: eight.id }, { record_id: eight.id }],
    });
    expect(res.json).toEqual({ code: 0, message: 'OK' });
    expect(labels(await page())).toEqual(['Seven', 'seventy']);
    expect((await api.remove({ table_id: 'tbl_codes', delete_data: [{ record_id: eight.id }] })).json).toEqual({ code: 0, message: 'OK' });
    expect(emu.rows('tbl_codes')).toHaveLength(2);
  });

  test('the others keep their ids; a deleted unique value can be imported again', async () => {
    const before = (await page()).json.data.records;
    await api.remove({ table_id: 'tbl_codes', delete_data: [{ filter: { code: 7 } }] });
    expect((await page()).json.data.records).toEqual(before.slice(1));
    const reimported = await api.importValues('tbl_codes', [{ code: 7, label: 'again' }]);
    expect(reimported.json.code).toBe(0);
    const [again] = (await page({ filter: { code: 7 } })).json.data.records;
    expect(again.value.label).toBe('again');
    expect(before.map((/** @type {any} */ r) => r.id)).not.toContain(again.id);
  });

  test('1000 entries are taken, 1001 and none are refused; one bad entry refuses the whole request', async () => {
    // codes 7 and 8, then codes no record has
    const entries = (/** @type {number} */ n) => Array.from({ length: n }, (_, i) => ({ filter: { code: i < 2 ? 7 + i : 1000 + i } }));
    const tooMany = await api.remove({ table_id: 'tbl_codes', delete_data: entries(1001) });
    expect([tooMany.status, tooMany.json.code, tooMany.json.message]).toEqual([400, 40000, 'delete_data must contain at most 1000 entries, got 1001']);
    expect((await api.remove({ table_id: 'tbl_codes', delete_data: [] })).json.code).toBe(40000);
    const badEntry = await api.remove({ table_id: 'tbl_codes', delete_data: [{ filter: { code: 7 } }, { filter: { label: 'eight' } }] });
    expect([badEntry.status, badEntry.json.code]).toEqual([400, 40000]);
    expect(badEntry.json.message).toMatch(/delete_data\[1\]\.filter column "label" is not unique/);
    expect((await api.remove({ table_id: 'tbl_codes', delete_data: [{}] })).json.message).toMatch(/delete_data\[0\] needs a record_id or a filter/);
    expect(emu.rows('tbl_codes')).toHaveLength(3);
    expect((await api.remove({ table_id: 'tbl_codes', delete_data: entries(1000) })).json.code).toBe(0);
    expect(emu.rows('tbl_codes')).toEqual([{ code: 70, label: 'seventy' }]);
  });

  test('auth and table access: 40127, 403106, 403131', async () => {
    expect((await api.remove({ table_id: 'tbl_codes', delete_data: [{ filter: { code: 7 } }] }, 'nope')).json.code).toBe(40127);
    expect((await api.remove({ table_id: 'tbl_nope', delete_data: [{ filter: { code: 7 } }] })).json.code).toBe(403106);
    emu.configure({ apiKeys: ['key-a', 'key-b'] });
    try {
      expect((await api.remove({ table_id: 'tbl_products', delete_data: [{ filter: { id: '1' } }] }, 'key-b')).json.code).toBe(403131);
    } finally {
      emu.configure({ apiKeys: ['key-a'] });
    }
    expect(emu.rows('tbl_codes')).toHaveLength(3);
    expect(emu.rows('tbl_products')).toHaveLength(1);
  });
});

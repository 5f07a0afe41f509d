// @ts-check
'use strict';

// POST /v2/database/update/record: targets, is_create, typed values, per-entry failures, limits.

const { useFixtureEmulator, sleep } = require('./testHelpers');

/** @type {import('./testHelpers').FixtureEmulator['emu']} */
let emu;
/** @type {import('./testHelpers').FixtureEmulator['api']} */
let api;

/** @type {import('./types').TableConfig} */
const PEOPLE = {
  id: 'tbl_people',
  name: 'people',
  fields: [
    { name: 'sku', type: 'TEXT', required: true, unique: true },
    { name: 'email', type: 'TEXT', unique: true },
    { name: 'name', type: 'TEXT', required: true },
    { name: 'age', type: 'INT' },
    { name: 'vip', type: 'BOOLEAN' },
    { name: 'seen', type: 'DATETIME' },
  ],
  rows: [{ sku: 'A-1', email: 'a@x', name: 'Ann', age: 30 }, { sku: 'B-2', email: 'b@x', name: 'Bob' }],
};
useFixtureEmulator((started) => ({ emu, api } = started), { tables: [PEOPLE] });
beforeEach(() => emu.reset());

/** @param {unknown[]} updateData @param {boolean} [isCreate] */
const update = (updateData, isCreate) => api.update({ table_id: 'tbl_people', ...(isCreate === undefined ? {} : { is_create: isCreate }), update_data: updateData });

/** The stored records of the people table, by sku. */
async function records() {
  const res = await api.page({ table_id: 'tbl_people', page: 1, page_size: 100 });
  /** @type {Record<string, { id: string, value: any, created_at: number, updated_at: number }>} */
  const bySku = {};
  for (const record of res.json.data.records) bySku[record.value.sku] = record;
  return bySku;
}

describe('targets', () => {
  test('record_id updates only the given columns, typed by the schema; updated_at moves, created_at stays', async () => {
    const before = await records();
    await sleep(5);
    const res = await update([{ record_id: before['A-1'].id, updated_fields: { age: '31', vip: 'TRUE', seen: '2029-10-01 12:00:00' } }]);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ totalCount: 1, success_count: 1, fail_count: 0, fail_detail: [] });
    const after = await records();
    expect(after['A-1'].value).toEqual({ sku: 'A-1', email: 'a@x', name: 'Ann', age: 31, vip: true, seen: '2029-10-01 12:00:00' });
    expect(after['A-1'].id).toBe(before['A-1'].id);
    expect(after['A-1'].created_at).toBe(before['A-1'].created_at);
    expect(after['A-1'].updated_at).toBeGreaterThan(before['A-1'].updated_at);
    expect(after['B-2']).toEqual(before['B-2']);
  });

  test('filter on a unique column finds the record; record_id wins over filter (which is then not read)', async () => {
    const before = await records();
    const res = await update([
      { filter: { email: 'b@x' }, updated_fields: { name: 'Bobby' } },
      { record_id: before['A-1'].id, filter: { sku: 'B-2' }, updated_fields: { age: 40 } },
      { record_id: before['A-1'].id, filter: { name: 'not unique', age: 1 }, updated_fields: { vip: false } },
    ]);
    expect(res.json).toMatchObject({ success_count: 3, fail_count: 0 });
    expect(emu.rows('tbl_people')).toEqual([
      { sku: 'A-1', email: 'a@x', name: 'Ann', age: 40, vip: false },
      { sku: 'B-2', email: 'b@x', name: 'Bobby' },
    ]);
  });

  test('an empty value clears an optional column; is_create defaults to false', async () => {
    const res = await update([{ filter: { sku: 'A-1' }, updated_fields: { age: null } }, { filter: { sku: 'Z-9' }, updated_fields: { name: 'Zed' } }]);
    expect(res.json).toMatchObject({ totalCount: 2, success_count: 1, fail_count: 1 });
    expect(emu.rows('tbl_people')).toEqual([{ sku: 'A-1', email: 'a@x', name: 'Ann' }, PEOPLE.rows?.[1]]);
  });
});

describe('is_create', () => {
  test('true creates a record the filter does not find, with the filter value and a new id', async () => {
    const before = await records();
    const res = await update([{ filter: { sku: 'C-3' }, updated_fields: { email: 'c@x', name: 'Cid', age: 7 } }], true);
    expect(res.json).toEqual({ totalCount: 1, success_count: 1, fail_count: 0, fail_detail: [] });
    const after = await records();
    expect(after['C-3'].value).toEqual({ sku: 'C-3', email: 'c@x', name: 'Cid', age: 7 });
    expect(after['C-3'].id).toMatch(/^\d{18}$/);
    expect(Object.values(before).map((r) => r.id)).not.toContain(after['C-3'].id);
    expect(after['C-3'].created_at).toBe(after['C-3'].updated_at);
  });

  test('false: a filter that matches nothing is a failure in fail_detail, nothing is created', async () => {
    const res = await update([{ filter: { sku: 'C-3' }, updated_fields: { email: 'c@x', name: 'Cid' } }], false);
    expect(res.json).toEqual({
      totalCount: 1, success_count: 0, fail_count: 1,
      fail_detail: [{ upsert_data: { filter: { sku: 'C-3' }, value: { email: 'c@x', name: 'Cid' } }, fail_reason: expect.any(String) }],
    });
    expect(emu.rows('tbl_people')).toHaveLength(2);
  });

  test('a record_id that does not exist fails even with is_create (ids are the service\'s to give)', async () => {
    const res = await update([{ record_id: '541278230707999999', updated_fields: { sku: 'N-1', email: 'n@x', name: 'New' } }], true);
    expect(res.json).toEqual({
      totalCount: 1, success_count: 0, fail_count: 1,
      fail_detail: [{ upsert_data: { record_id: '541278230707999999', value: { sku: 'N-1', email: 'n@x', name: 'New' } }, fail_reason: expect.stringMatching(/not found/) }],
    });
    expect(emu.rows('tbl_people')).toHaveLength(2);
  });

  test('a created record needs every required and unique column; updated_fields may set the filter column', async () => {
    const res = await update([
      { filter: { sku: 'C-3' }, updated_fields: { name: 'no email' } },
      { filter: { email: 'd@x' }, updated_fields: { sku: 'D-4', name: 'Dee' } },
      { filter: { sku: 'E-5' }, updated_fields: { sku: 'E-6', email: 'e@x', name: 'Eve' } },
    ], true);
    expect(res.json).toMatchObject({ success_count: 2, fail_count: 1 });
    expect(res.json.fail_detail[0].upsert_data.filter).toEqual({ sku: 'C-3' });
    expect(emu.rows('tbl_people').slice(2)).toEqual([{ email: 'd@x', sku: 'D-4', name: 'Dee' }, { sku: 'E-6', email: 'e@x', name: 'Eve' }]);
  });

  test('entries apply in order: a second entry for a record the first created updates it', async () => {
    const res = await update([
      { filter: { sku: 'C-3' }, updated_fields: { email: 'c@x', name: 'Cid' } },
      { filter: { sku: 'C-3' }, updated_fields: { age: 9 } },
    ], true);
    expect(res.json).toMatchObject({ success_count: 2, fail_count: 0 });
    expect(emu.rows('tbl_people').slice(2)).toEqual([{ sku: 'C-3', email: 'c@x', name: 'Cid', age: 9 }]);
  });
});

describe('per-entry failures leave that record as it was and the others applied', () => {
  test('type, required, length and unique-conflict failures, each reported with its entry', async () => {
    const res = await update([
      { filter: { sku: 'A-1' }, updated_fields: { age: 'old' } },
      { filter: { sku: 'A-1' }, updated_fields: { name: '' } },
      { filter: { sku: 'A-1' }, updated_fields: { email: 'b@x' } },
      { filter: { sku: 'A-1' }, updated_fields: { seen: '2029-02-30 00:00:00' } },
      { filter: { sku: 'B-2' }, updated_fields: { email: 'x'.repeat(257) } },
      { filter: { sku: 'B-2' }, updated_fields: { age: 5 } },
      { filter: { sku: 'N-1' }, updated_fields: { email: 'a@x', name: 'dup' } },
    ], true);
    expect(res.json).toMatchObject({ totalCount: 7, success_count: 1, fail_count: 6 });
    const reasons = res.json.fail_detail.map((/** @type {any} */ d) => d.fail_reason);
    expect(reasons[0]).toMatch(/`age` must be of type INT/);
    expect(reasons[1]).toMatch(/`name` is required/);
    expect(reasons[2]).toBe('(1062, "Duplicate entry \'b@x\' for key \'people.email\'")');
    expect(reasons[3]).toMatch(/`seen` must be of type DATETIME/);
    expect(reasons[4]).toMatch(/must not exceed 256 characters/);
    expect(reasons[5]).toMatch(/Duplicate entry 'a@x'/);
    expect(res.json.fail_detail[2].upsert_data).toEqual({ filter: { sku: 'A-1' }, value: { email: 'b@x' } });
    expect(emu.rows('tbl_people')).toEqual([PEOPLE.rows?.[0], { sku: 'B-2', email: 'b@x', name: 'Bob', age: 5 }]);
  });

  test('a unique value a record gives up can be taken by the next entry', async () => {
    const res = await update([
      { filter: { sku: 'A-1' }, updated_fields: { email: 'a2@x' } },
      { filter: { sku: 'B-2' }, updated_fields: { email: 'a@x' } },
    ]);
    expect(res.json).toMatchObject({ success_count: 2, fail_count: 0 });
    expect(emu.rows('tbl_people').map((row) => row.email)).toEqual(['a2@x', 'a@x']);
    expect((await api.page({ table_id: 'tbl_people', page: 1, page_size: 5, filter: { email: 'a@x' } })).json.data.records[0].value.sku).toBe('B-2');
  });
});

describe('the whole request is refused with 40000 and nothing changes', () => {
  test.each([
    ['filter of two columns', [{ filter: { sku: 'A-1', email: 'a@x' }, updated_fields: { age: 1 } }], /exactly one unique column, got 2/],
    ['filter on a column that is not unique', [{ filter: { name: 'Ann' }, updated_fields: { age: 1 } }], /"name" is not unique/],
    ['filter on an unknown column', [{ filter: { nope: 1 }, updated_fields: { age: 1 } }], /"nope" is not a field/],
    ['empty filter', [{ filter: {}, updated_fields: { age: 1 } }], /got 0/],
    ['no record_id nor filter', [{ updated_fields: { age: 1 } }], /update_data\[0\] needs a record_id or a filter/],
    ['record_id as a number', [{ record_id: 5, updated_fields: { age: 1 } }], /record_id must be a non-empty string/],
    ['no updated_fields', [{ filter: { sku: 'A-1' } }], /updated_fields must be a JSON object/],
    ['unknown column', [{ filter: { sku: 'A-1' }, updated_fields: { age: 1 } }, { filter: { sku: 'B-2' }, updated_fields: { colour: 'red' } }], /update_data\[1\]\.updated_fields column "colour" is not a field/],
    ['object value', [{ filter: { sku: 'A-1' }, updated_fields: { name: { first: 'A' } } }], /field "name": value must be a string, number, boolean or null, got object/],
    ['no entries', [], /at least 1/],
  ])('%s', async (_label, updateData, message) => {
    const res = await update(updateData, true);
    expect([res.status, res.json.code]).toEqual([400, 40000]);
    expect(res.json.message).toMatch(message);
    expect(emu.rows('tbl_people')).toEqual(PEOPLE.rows);
  });

  test('is_create must be a boolean; update_data must be a list', async () => {
    const notBoolean = await api.update({ table_id: 'tbl_people', is_create: 'yes', update_data: [{ filter: { sku: 'A-1' }, updated_fields: {} }] });
    expect([notBoolean.status, notBoolean.json.message]).toEqual([400, 'is_create must be true or false']);
    expect((await api.update({ table_id: 'tbl_people', update_data: { sku: 'A-1' } })).json.message).toBe('update_data must be a list');
  });

  test('100 entries are taken, 101 are refused', async () => {
    const make = (/** @type {number} */ n) => Array.from({ length: n }, (_, i) => ({ filter: { sku: `S-${i}` }, updated_fields: { email: `${i}@x`, name: 'n' } }));
    const tooMany = await update(make(101), true);
    expect([tooMany.status, tooMany.json.code, tooMany.json.message]).toEqual([400, 40000, 'update_data must contain at most 100 entries, got 101']);
    expect(emu.rows('tbl_people')).toHaveLength(2);
    const ok = await update(make(100), true);
    expect(ok.json).toMatchObject({ totalCount: 100, success_count: 100 });
    expect(emu.rows('tbl_people')).toHaveLength(102);
  });

  test('a 5 MB body is taken, one byte more is refused', async () => {
    const limit = 5 * 1024 * 1024;
    const bodyOf = (/** @type {string} */ name) => JSON.stringify({ table_id: 'tbl_people', update_data: [{ filter: { sku: 'A-1' }, updated_fields: { name } }] });
    const name = 'x'.repeat(limit - Buffer.byteLength(bodyOf('')));
    expect(Buffer.byteLength(bodyOf(name))).toBe(limit);
    const over = await api.update(bodyOf(`${name}y`));
    expect([over.status, over.json.code, over.json.message]).toEqual([400, 40000, `request body is ${limit + 1} bytes, over the limit of ${limit} bytes (5 MB)`]);
    expect(emu.rows('tbl_people')[0].name).toBe('Ann');
    const ok = await api.update(bodyOf(name));
    expect(ok.json).toMatchObject({ success_count: 1 });
    expect(emu.rows('tbl_people')[0].name).toBe(name);
  });

  test('auth and table access come first: 40127, 403106, 403131', async () => {
    const entry = [{ filter: { id: '1' }, updated_fields: { price: 3 } }];
    expect((await api.update({ table_id: 'tbl_products', update_data: entry }, 'nope')).status).toBe(401);
    expect((await api.update({ table_id: 'tbl_nope', update_data: entry })).json.code).toBe(403106);
    emu.configure({ apiKeys: ['key-a', 'key-b'] });
    try {
      expect((await api.update({ table_id: 'tbl_products', update_data: entry }, 'key-b')).json.code).toBe(403131);
    } finally {
      emu.configure({ apiKeys: ['key-a'] });
    }
    expect(emu.rows('tbl_products')).toEqual([{ id: '1', price: 2.5 }]);
  });
});

describe('schemaless tables', () => {
  test('take updates by record_id, stored as received; a filter has no unique column to use', async () => {
    await api.importValues('tbl_free', [{ a: 1, b: 'x' }]);
    const [record] = (await api.page({ table_id: 'tbl_free', page: 1, page_size: 1 })).json.data.records;
    const res = await api.update({ table_id: 'tbl_free', update_data: [{ record_id: record.id, updated_fields: { b: null, c: true } }] });
    expect(res.json).toMatchObject({ success_count: 1 });
    expect(emu.rows('tbl_free')).toEqual([{ a: 1, b: null, c: true }]);
    const filtered = await api.update({ table_id: 'tbl_free', is_create: true, update_data: [{ filter: { a: 1 }, updated_fields: {} }] });
    expect([filtered.status, filtered.json.code]).toEqual([400, 40000]);
  });
});

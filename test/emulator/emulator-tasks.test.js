// @ts-check
'use strict';

// Unique rules (sync and async), task rules, task states and fail_detail.

const { useFixtureEmulator, sleep } = require('./testHelpers');

/** @type {import('./testHelpers').FixtureEmulator['emu']} */
let emu;
/** @type {import('./testHelpers').FixtureEmulator['api']} */
let api;
useFixtureEmulator((started) => ({ emu, api } = started));
beforeEach(() => {
  emu.configure({ uniqueCheck: 'sync', taskDelayMs: 0 });
  emu.reset();
});

/** @param {{ json: any }} res */
async function taskOf(res) {
  expect(res.json.code).toBe(0);
  const [task] = (await api.results(res.json.data)).json;
  return task;
}

describe("uniqueCheck 'sync' rejects the whole request", () => {
  test.each([
    ['missing', [{ name: 'no id' }], /records\[0\] unique field "id" is missing/],
    ['null', [{ id: '7' }, { id: null }], /records\[1\] unique field "id" is null/],
    ['empty', [{ id: '' }], /records\[0\] unique field "id" is empty/],
    ['too long', [{ id: '😀'.repeat(257) }], /records\[0\] unique field "id" is 257 characters long, over the limit of 256/],
    ['repeated', [{ id: '5' }, { id: '6' }, { id: 5 }], /records\[2\] unique field "id" repeats the value "5" of records\[0\]/],
    ['already stored', [{ id: 1 }], /records\[0\] unique field "id" value "1" already exists/],
  ])('%s', async (_label, values, message) => {
    const res = await api.importValues('tbl_products', values);
    expect([res.status, res.json.code]).toEqual([400, 40000]);
    expect(res.json.message).toMatch(message);
    expect(emu.tasks()).toEqual([]);
    expect(emu.rows('tbl_products')).toEqual([{ id: '1', price: 2.5 }]);
  });

  test('256 code points are allowed', async () => {
    const task = await taskOf(await api.importValues('tbl_products', [{ id: '😀'.repeat(256) }]));
    expect(task.status).toBe('AVAILABLE');
  });
});

describe("uniqueCheck 'async': the task applies the rules", () => {
  beforeEach(() => emu.configure({ uniqueCheck: 'async' }));

  test('a value already stored fails the whole task; nothing is stored', async () => {
    const values = Array.from({ length: 15 }, (_, i) => ({ id: String(100 + i) }));
    values[12] = { id: '1' };
    const task = await taskOf(await api.importValues('tbl_products', values));
    expect(task).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/), progress: 100, status: 'FAIL', total_count: 15, success_count: 0, fail_count: 15,
      fail_detail: [{ row: null, row_number_start: 11, row_number_end: 15, fail_reason: `(1062, "Duplicate entry '1' for key 'products.id'")` }],
    });
    expect(emu.rows('tbl_products')).toHaveLength(1);
  });

  test('a repeat inside the import keeps the first row and drops the later', async () => {
    const task = await taskOf(await api.importValues('tbl_products', [{ id: '14', name: 'first' }, { id: 14, name: 'second' }, { id: '15' }]));
    expect(task).toMatchObject({ status: 'AVAILABLE', total_count: 3, success_count: 2, fail_count: 1 });
    expect(task.fail_detail).toEqual([
      { row: 2, row_number_start: 0, row_number_end: 0, fail_reason: "`id` must be unique, but the value '14' is duplicated (first at row `1`)." },
    ]);
    expect(emu.rows('tbl_products')).toEqual([{ id: '1', price: 2.5 }, { id: '14', name: 'first' }, { id: '15' }]);
  });
});

describe('format rules when the task runs', () => {
  test('values are normalised to the field types; bad rows are dropped alone', async () => {
    const values = [
      { id: 'a', price: '2.50', stock: '7', active: 'TRUE', updated: '2029-10-01 12:00:00', name: 42 },
      { id: 'b', stock: 1.5 },
      { id: 'c', price: 'cheap' },
      { id: 'd', active: 'yes' },
      { id: 'e', updated: '2029-02-30 12:00:00' },
      { id: 'f', price: 3, stock: -4, active: false, name: '' },
    ];
    const task = await taskOf(await api.importValues('tbl_products', values));
    expect(task).toMatchObject({ status: 'AVAILABLE', total_count: 6, success_count: 2, fail_count: 4 });
    // One chunk of 10 rows: only its first failure is reported.
    expect(task.fail_detail).toEqual([
      { row: 2, row_number_start: 0, row_number_end: 0, fail_reason: "`stock` must be of type INT, but the value '1.5' at row `2` is not." },
    ]);
    expect(emu.rows('tbl_products').slice(1)).toEqual([
      { id: 'a', name: '42', price: 2.5, stock: 7, active: true, updated: '2029-10-01 12:00:00' },
      { id: 'f', price: 3, stock: -4, active: false },
    ]);
  });

  test('one fail_detail entry per chunk of 10 rows; no row added -> FAIL', async () => {
    emu.configure({ uniqueCheck: 'async' });
    const values = Array.from({ length: 25 }, (_, i) => ({ id: i % 2 ? '' : `r${i}`, stock: 'x' }));
    const task = await taskOf(await api.importValues('tbl_products', values));
    expect(task).toMatchObject({ status: 'FAIL', success_count: 0, fail_count: 25 });
    expect(task.fail_detail.map((/** @type {any} */ d) => d.row)).toEqual([1, 11, 21]);
    expect(task.fail_detail[0].fail_reason).toMatch(/`stock` must be of type INT/);
    expect(emu.rows('tbl_products')).toHaveLength(1);
  });

  test('schemaless tables store the values as received', async () => {
    await taskOf(await api.importValues('tbl_free', [{ a: '1', b: null, c: false, d: 2.5 }]));
    expect(emu.rows('tbl_free')).toEqual([{ a: '1', b: null, c: false, d: 2.5 }]);
  });
});

describe('task states', () => {
  test('PENDING_PARSE for taskDelayMs, then applied exactly once', async () => {
    emu.configure({ taskDelayMs: 300 });
    const res = await api.importValues('tbl_products', [{ id: '2' }, { id: '3' }]);
    const pending = await taskOf(res);
    expect(pending).toMatchObject({ status: 'PENDING_PARSE', total_count: 2, success_count: 0, fail_count: 0, fail_detail: [] });
    expect(pending.progress).toBeGreaterThanOrEqual(1);
    expect(pending.progress).toBeLessThanOrEqual(99);
    expect(emu.rows('tbl_products')).toHaveLength(1);
    await sleep(350);
    const done = await taskOf(res);
    expect(done).toMatchObject({ status: 'AVAILABLE', progress: 100, success_count: 2 });
    await taskOf(res);
    expect(emu.rows('tbl_products')).toHaveLength(3);
  });

  test('the timer completes a task even when nobody asks', async () => {
    emu.configure({ taskDelayMs: 50 });
    await api.importValues('tbl_free', [{ a: 1 }]);
    await sleep(120);
    expect(emu.tasks()[0]).toMatchObject({ status: 'AVAILABLE', tableId: 'tbl_free' });
  });

  test('a conflict with a row stored meanwhile fails the later task', async () => {
    emu.configure({ taskDelayMs: 100 });
    const first = await api.importValues('tbl_products', [{ id: '9' }]);
    const second = await api.importValues('tbl_products', [{ id: '9' }]);
    expect(second.json.code).toBe(0); // the sync check only sees stored rows
    await sleep(150);
    const statuses = (await api.results([first.json.data[0], second.json.data[0]])).json.map((/** @type {any} */ t) => t.status);
    expect(statuses).toEqual(['AVAILABLE', 'FAIL']);
  });

  test('import-results: a bare array, unknown ids left out, auth required', async () => {
    const a = (await api.importValues('tbl_free', [{ a: 1 }])).json.data[0];
    const b = (await api.importValues('tbl_free', [{ a: 2 }])).json.data[0];
    const res = await api.results([b, 'ffffffffffffffffffffffff', a]);
    expect(res.status).toBe(200);
    expect(res.json.map((/** @type {any} */ t) => t.id)).toEqual([b, a]);
    expect(emu.requests[2].taskIds).toEqual([b, 'ffffffffffffffffffffffff', a]);
    expect((await api.results([a], 'nope')).json.code).toBe(40127);
  });
});

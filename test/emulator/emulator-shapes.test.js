// @ts-check
'use strict';

// Reply shapes (shape preset, replyShapes), randomMessages, and the log and faults of the newer endpoints.

const { useFixtureEmulator, UPDATE, DELETE, PAGE, TABLES, BOT_DETAIL } = require('./testHelpers');
const { DEFAULT_AGENT } = require('./options');

/** @type {import('./testHelpers').FixtureEmulator['emu']} */
let emu;
/** @type {import('./testHelpers').FixtureEmulator['api']} */
let api;
useFixtureEmulator((started) => ({ emu, api } = started));
beforeEach(() => {
  emu.configure({ shape: 'documented', replyShapes: {}, randomMessages: null, faults: [] });
  emu.reset();
});

const missingEntry = { filter: { id: 'none' }, updated_fields: { price: 1 } };

describe('reply shapes', () => {
  test("'documented' (default): the AltaTech pages' forms", async () => {
    const imported = await api.importValues('tbl_products', [{ id: '2' }]);
    expect(imported.json).toEqual({ code: 0, message: 'OK', data: [expect.any(String)] });
    const [task] = (await api.results(imported.json.data)).json;
    expect(task).toMatchObject({ total_count: 1, success_count: 1, fail_count: 0 });
    const page = await api.page({ table_id: 'tbl_products', page: 1, page_size: 1 });
    expect(page.json).toMatchObject({ code: 0, message: 'OK', data: { total_count: 2 } });
    const updated = await api.update({ table_id: 'tbl_products', update_data: [missingEntry] });
    expect(updated.json).toEqual({ totalCount: 1, success_count: 0, fail_count: 1, fail_detail: [expect.any(Object)] });
    expect((await api.botDetail()).json).toEqual({ code: 0, message: 'OK', data: DEFAULT_AGENT });
    expect((await api.tables({ agent_id: DEFAULT_AGENT.bot_id })).json.tables[0]).toMatchObject({ field_number: 6, record_count: 2 });
  });

  test("'alternate': every other published form at once", async () => {
    emu.configure({ shape: 'alternate' });
    const imported = await api.importValues('tbl_products', [{ id: '2' }, { id: '3', price: 'free' }]);
    expect(imported.json).toEqual({ code: 0, message: 'success', data: [expect.any(String)] });
    const results = await api.results(imported.json.data);
    expect(results.json).toMatchObject({ code: 0, message: 'success', data: [{ total_count: '2', success_count: '1', fail_count: '1' }] });
    const page = await api.page({ table_id: 'tbl_products', page: 1, page_size: 1 });
    expect(Object.keys(page.json)).toEqual(['table_info', 'records', 'total_count']);
    expect(page.json.total_count).toBe('2');
    const updated = await api.update({ table_id: 'tbl_products', update_data: [missingEntry] });
    expect(updated.json).toEqual({ code: 0, message: 'success', data: { total_count: '1', success_count: '0', fail_count: '1', fail_detail: [expect.any(Object)] } });
    expect((await api.remove({ table_id: 'tbl_products', delete_data: [{ filter: { id: '2' } }] })).json).toEqual({ code: 0, message: 'success' });
    expect((await api.botDetail()).json).toEqual(DEFAULT_AGENT);
    expect((await api.tables({ agent_id: DEFAULT_AGENT.bot_id })).json).toMatchObject({ code: 0, message: 'success', data: { tables: [{ field_number: '6', record_count: '1' }, {}] } });
    // Errors keep their envelope whatever the shapes.
    expect((await api.update({ table_id: 'tbl_nope', update_data: [missingEntry] })).json).toEqual({ code: 403106, message: 'table not found' });
  });

  test('replyShapes overrides single choices on top of the preset', async () => {
    emu.configure({ replyShapes: { recordsPage: 'bare', totalCountKey: 'total_count' } });
    expect((await api.page({ table_id: 'tbl_products', page: 1, page_size: 1 })).json.total_count).toBe(1);
    expect((await api.update({ table_id: 'tbl_products', update_data: [missingEntry] })).json).toMatchObject({ total_count: 1, success_count: 0 });
    emu.configure({ shape: 'alternate', replyShapes: { counts: 'number' } });
    expect((await api.update({ table_id: 'tbl_products', update_data: [missingEntry] })).json.data).toMatchObject({ total_count: 1, fail_count: 1 });
  });

  test('unknown presets, shape names and choices are refused, also over HTTP', async () => {
    expect(() => emu.configure({ shape: /** @type {any} */ ('live') })).toThrow(/shape must be one of documented, alternate/);
    expect(() => emu.configure({ replyShapes: /** @type {any} */ ({ recordPage: 'bare' }) })).toThrow(/replyShapes.recordPage is unknown/);
    expect(() => emu.configure({ replyShapes: /** @type {any} */ ({ counts: 'text' }) })).toThrow(/counts must be one of number, string/);
    const bad = await api.control('POST', '/_emulator/configure', { replyShapes: { successMessage: 'ok' } });
    expect([bad.status, bad.json.code]).toEqual([400, 40000]);
  });
});

describe('randomMessages', () => {
  /** Requests that fail in every way the emulator words, with their code and status. */
  async function failures() {
    return [
      await api.importValues('tbl_free', [{ a: 1 }], 'nope'),
      await api.importValues('tbl_nope', [{ a: 1 }]),
      await api.page({ table_id: 'tbl_products', page: 0, page_size: 1 }),
      await api.update({ table_id: 'tbl_products', update_data: [{ filter: { price: 1 }, updated_fields: {} }] }),
      await api.tables({ agent_id: 'other' }),
      await api.control('GET', '/v1/nothing'),
    ];
  }
  /** @param {{ status: number, json: any }[]} replies */
  const codes = (replies) => replies.map((r) => [r.status, r.json.code]);
  /** @param {{ json: any }[]} replies */
  const messages = (replies) => replies.map((r) => r.json.message);

  test('every error message changes words, codes and statuses stay; a seed replays after reset', async () => {
    const plain = await failures();
    emu.configure({ randomMessages: 42 });
    const first = await failures();
    const second = await failures();
    expect(codes(first)).toEqual(codes(plain));
    expect(codes(second)).toEqual(codes(plain));
    messages(first).forEach((message, index) => {
      expect(typeof message).toBe('string');
      expect(message).not.toBe(plain[index].json.message);
      expect(message).not.toBe(messages(second)[index]);
    });
    emu.reset();
    expect(messages(await failures())).toEqual(messages(first));
    expect(emu.requests.map((r) => r.message)).toEqual(messages(first));
  });

  test('fail_reason of update replies and of import tasks change words; the rest of the reply stays', async () => {
    const plainUpdate = await api.update({ table_id: 'tbl_products', update_data: [missingEntry] });
    const plainTask = await api.importValues('tbl_products', [{ id: '4' }, { id: '5', price: 'x' }]);
    const plainResults = (await api.results(plainTask.json.data)).json;
    emu.configure({ randomMessages: 7 });
    const update = await api.update({ table_id: 'tbl_products', update_data: [missingEntry] });
    expect(update.json).toEqual({ ...plainUpdate.json, fail_detail: [{ ...plainUpdate.json.fail_detail[0], fail_reason: expect.any(String) }] });
    expect(update.json.fail_detail[0].fail_reason).not.toBe(plainUpdate.json.fail_detail[0].fail_reason);
    const results = (await api.results(plainTask.json.data)).json;
    const again = (await api.results(plainTask.json.data)).json;
    expect(results[0].fail_detail.map((/** @type {any} */ d) => ({ ...d, fail_reason: 'x' }))).toEqual(plainResults[0].fail_detail.map((/** @type {any} */ d) => ({ ...d, fail_reason: 'x' })));
    expect(results[0].fail_detail[0].fail_reason).not.toBe(plainResults[0].fail_detail[0].fail_reason);
    expect(again[0].fail_detail[0].fail_reason).not.toBe(results[0].fail_detail[0].fail_reason);
  });

  test('fault replies are reworded too (JSON and text), except echoAuthorization, whose words are its point', async () => {
    emu.configure({
      randomMessages: 3,
      faults: [
        { kind: 'http429', path: UPDATE, retryAfter: 2, requests: [1] },
        { kind: 'http500', path: UPDATE, requests: [2] },
        { kind: 'echoAuthorization', path: UPDATE, requests: [3] },
      ],
    });
    const limited = await api.update({ table_id: 'tbl_products', update_data: [missingEntry] });
    expect([limited.status, limited.json.code, limited.headers.get('retry-after')]).toEqual([429, 40008, '2']);
    expect(limited.json.message).not.toBe('requests per minute limit exceeded');
    const failed = await api.update({ table_id: 'tbl_products', update_data: [missingEntry] });
    expect([failed.status, failed.headers.get('content-type')]).toEqual([500, 'text/plain; charset=utf-8']);
    expect(failed.text).not.toBe('Internal Server Error');
    const echoed = await api.update({ table_id: 'tbl_products', update_data: [missingEntry] });
    expect(echoed.json.message).toBe('Parameter error: unexpected request header Authorization: Bearer key-a');
  });

  test('off by default and with null; an integer seed only', () => {
    expect(() => emu.configure({ randomMessages: /** @type {any} */ ('yes') })).toThrow(/integer seed/);
  });
});

describe('log and faults of the newer endpoints', () => {
  test('each call is logged with its path, table and entry count, never its values', async () => {
    await api.update({ table_id: 'tbl_products', is_create: true, update_data: [{ filter: { id: 'secret-sku' }, updated_fields: { name: 'secret-name' } }, missingEntry] });
    await api.remove({ table_id: 'tbl_products', delete_data: [{ filter: { id: 'secret-sku' } }] });
    await api.page({ table_id: 'tbl_products', page: 1, page_size: 5, filter: { id: 'secret-sku' } });
    await api.botDetail();
    await api.tables({ agent_id: DEFAULT_AGENT.bot_id });
    expect(emu.requests.map(({ method, path, tableId, recordCount, status }) => ({ method, path, tableId, recordCount, status }))).toEqual([
      { method: 'POST', path: UPDATE, tableId: 'tbl_products', recordCount: 2, status: 200 },
      { method: 'POST', path: DELETE, tableId: 'tbl_products', recordCount: 1, status: 200 },
      { method: 'POST', path: PAGE, tableId: 'tbl_products', recordCount: 0, status: 200 },
      { method: 'GET', path: BOT_DETAIL, tableId: null, recordCount: null, status: 200 },
      { method: 'POST', path: TABLES, tableId: null, recordCount: 2, status: 200 },
    ]);
    expect(emu.requests.every((r) => r.bodyBytes > 0 || r.method === 'GET')).toBe(true);
    expect(JSON.stringify(emu.requests)).not.toMatch(/secret/);
  });

  test('a refusing fault on update changes nothing; a reply fault after it leaves the change made', async () => {
    emu.configure({ faults: [{ kind: 'reset', path: UPDATE, requests: [1] }, { kind: 'gatewayTimeoutAfterImport', path: UPDATE, requests: [2] }] });
    const body = { table_id: 'tbl_products', update_data: [{ filter: { id: '1' }, updated_fields: { price: 9 } }] };
    await expect(api.update(body)).rejects.toThrow();
    expect(emu.rows('tbl_products')).toEqual([{ id: '1', price: 2.5 }]);
    const lost = await api.update(body);
    expect(lost.status).toBe(504);
    expect(emu.rows('tbl_products')).toEqual([{ id: '1', price: 9 }]);
    expect(emu.requests.map((r) => r.fault)).toEqual(['reset', 'gatewayTimeoutAfterImport']);
  });

  test('faults on delete, tables/page and bot/detail', async () => {
    emu.configure({
      faults: [
        { kind: 'cutReply', path: DELETE },
        { kind: 'code40008', path: TABLES },
        { kind: 'code50000', path: BOT_DETAIL, times: 1 },
      ],
    });
    await expect(api.remove({ table_id: 'tbl_products', delete_data: [{ filter: { id: '1' } }] })).rejects.toThrow();
    expect(emu.rows('tbl_products')).toEqual([]);
    expect((await api.tables({ agent_id: DEFAULT_AGENT.bot_id })).json.code).toBe(40008);
    expect([(await api.botDetail()).status, (await api.botDetail()).status]).toEqual([500, 200]);
  });
});

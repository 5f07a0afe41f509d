// @ts-check
'use strict';

// GET /v1/bot/detail and POST /v1/database/tables/page (a table picker's calls), and a data centre without them.

const { useFixtureEmulator, TABLES, BOT_DETAIL } = require('./testHelpers');
const { DEFAULT_AGENT } = require('./options');

/** @type {import('./testHelpers').FixtureEmulator['emu']} */
let emu;
/** @type {import('./testHelpers').FixtureEmulator['api']} */
let api;
useFixtureEmulator((started) => ({ emu, api } = started), { apiKeys: ['key-a', 'key-b'] });
beforeEach(() => {
  emu.configure({ agent: DEFAULT_AGENT, unavailablePaths: [] });
  emu.reset();
});

describe('bot/detail', () => {
  test('the agent behind the key, with its bot_id', async () => {
    const res = await api.botDetail();
    expect([res.status, res.json]).toEqual([200, { code: 0, message: 'OK', data: DEFAULT_AGENT }]);
    emu.configure({ agent: { bot_id: 'b1', name: 'Support bot', avatar: 'x.png' } });
    expect((await api.botDetail()).json.data).toEqual({ bot_id: 'b1', name: 'Support bot', avatar: 'x.png' });
  });

  test('a bad or missing key is 40127 with HTTP 401', async () => {
    for (const key of ['nope', null]) {
      const res = await api.botDetail(key);
      expect([res.status, res.json.code]).toEqual([401, 40127]);
    }
  });
});

describe('tables/page', () => {
  test('lists the tables the key may use, with their field and record counts', async () => {
    await api.importValues('tbl_free', [{ a: 1 }, { a: 2 }]);
    const res = await api.tables({ agent_id: DEFAULT_AGENT.bot_id });
    expect([res.status, res.json]).toEqual([200, {
      tables: [
        { table_id: 'tbl_products', name: 'products', description: 'typed test table', field_number: 6, record_count: 1 },
        { table_id: 'tbl_free', name: 'anything', description: '', field_number: 0, record_count: 2 },
      ],
    }]);
    // tbl_products allows key-a only
    const other = await api.tables({ agent_id: DEFAULT_AGENT.bot_id }, 'key-b');
    expect(other.json.tables.map((/** @type {any} */ t) => t.table_id)).toEqual(['tbl_free']);
  });

  test('record_count counts an import once its task is done', async () => {
    emu.configure({ taskDelayMs: 50 });
    try {
      await api.importValues('tbl_free', [{ a: 1 }]);
      const pending = await api.tables({ agent_id: DEFAULT_AGENT.bot_id });
      expect(pending.json.tables[1].record_count).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect((await api.tables({ agent_id: DEFAULT_AGENT.bot_id })).json.tables[1].record_count).toBe(1);
    } finally {
      emu.configure({ taskDelayMs: 0 });
    }
  });

  test('another agent is 40113; no agent_id is 40000; a bad key is 40127', async () => {
    const other = await api.tables({ agent_id: 'someone-else' });
    expect([other.status, other.json.code]).toEqual([401, 40113]);
    for (const body of [{}, { agent_id: 7 }, []]) {
      const res = await api.tables(body);
      expect([res.status, res.json.code]).toEqual([400, 40000]);
    }
    expect((await api.tables({ agent_id: DEFAULT_AGENT.bot_id }, 'nope')).json.code).toBe(40127);
  });
});

describe('a data centre without an endpoint', () => {
  test('unavailablePaths answer 404 like any unknown path, before auth; other paths still work', async () => {
    const unknown = await api.control('GET', '/v1/nothing/here');
    emu.configure({ unavailablePaths: [TABLES] });
    const res = await api.tables({ agent_id: DEFAULT_AGENT.bot_id }, 'nope');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ code: unknown.json.code, message: `no such endpoint: POST ${TABLES}` });
    expect((await api.botDetail()).json.code).toBe(0);
    expect(emu.requests.map((r) => [r.path, r.status])).toEqual([['/v1/nothing/here', 404], [TABLES, 404], [BOT_DETAIL, 200]]);
    emu.configure({ unavailablePaths: [] });
    expect((await api.tables({ agent_id: DEFAULT_AGENT.bot_id })).status).toBe(200);
  });
});

describe('options', () => {
  test('a bad agent or unavailablePaths is refused', () => {
    expect(() => emu.configure({ agent: /** @type {any} */ ({ name: 'no id' }) })).toThrow(/bot_id/);
    expect(() => emu.configure({ unavailablePaths: /** @type {any} */ ('/v1/bot/detail') })).toThrow(/list of paths/);
  });
});

// @ts-check
'use strict';

// Each fault kind, the trigger options and what gets imported.

const { mulberry32 } = require('./faults');
const { useFixtureEmulator, RESULTS } = require('./testHelpers');

/** @type {import('./testHelpers').FixtureEmulator['emu']} */
let emu;
/** @type {import('./testHelpers').FixtureEmulator['api']} */
let api;
useFixtureEmulator((started) => ({ emu, api } = started));
beforeEach(() => {
  emu.configure({ faults: [], errorStyle: 'http' });
  emu.reset();
});

/** @param {number} n */
const send = (n) => api.importValues('tbl_free', [{ n }]);
/** @param {import('./types').FaultRule} rule */
const plan = (rule) => emu.configure({ faults: [rule] });

describe('refusing faults import nothing', () => {
  test('code50000 on the 2nd request only', async () => {
    plan({ kind: 'code50000', requests: [2] });
    const replies = [await send(1), await send(2), await send(3)];
    expect(replies.map((r) => [r.status, r.json.code])).toEqual([[200, 0], [500, 50000], [200, 0]]);
    expect(replies[1].json.message).toBe('Internal system error');
    expect(emu.rows('tbl_free')).toEqual([{ n: 1 }, { n: 3 }]);
    expect(emu.requests.map((r) => r.fault)).toEqual([null, 'code50000', null]);
    expect(emu.requests[1]).toMatchObject({ status: 500, code: 50000, recordCount: null, taskId: null });
  });

  test("code50000 in errorStyle 'body' is HTTP 200", async () => {
    emu.configure({ errorStyle: 'body', faults: [{ kind: 'code50000' }] });
    const res = await send(1);
    expect([res.status, res.json.code]).toEqual([200, 50000]);
  });

  test('http500 answers plain text', async () => {
    plan({ kind: 'http500' });
    const res = await send(1);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    expect(res.json).toBeUndefined();
    expect(emu.rows('tbl_free')).toEqual([]);
  });

  test('http429 carries Retry-After and X-RateLimit-Reset', async () => {
    plan({ kind: 'http429', retryAfter: 2, rateLimitReset: 1900000000 });
    const res = await send(1);
    expect([res.status, res.json.code]).toEqual([429, 40008]);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('x-ratelimit-reset')).toBe('1900000000');
    plan({ kind: 'http429', retryAfter: 'Wed, 21 Oct 2037 07:28:00 GMT' });
    expect((await send(2)).headers.get('retry-after')).toBe('Wed, 21 Oct 2037 07:28:00 GMT');
    expect(emu.rows('tbl_free')).toEqual([]);
  });

  test('code40008 and nonZeroCode200 answer HTTP 200', async () => {
    plan({ kind: 'code40008' });
    const limited = await send(1);
    expect([limited.status, limited.json]).toEqual([200, { code: 40008, message: 'requests per minute limit exceeded' }]);
    plan({ kind: 'nonZeroCode200' });
    const failed = await send(2);
    expect([failed.status, failed.json.code]).toEqual([200, 50000]);
    expect(emu.rows('tbl_free')).toEqual([]);
  });

  test('reset destroys the connection', async () => {
    plan({ kind: 'reset', times: 1 });
    await expect(send(1)).rejects.toThrow();
    expect((await send(2)).json.code).toBe(0);
    expect(emu.rows('tbl_free')).toEqual([{ n: 2 }]);
    expect(emu.requests[0]).toMatchObject({ fault: 'reset', status: null });
  });
});

describe('reply faults import normally', () => {
  test('delayAfterImport: the client times out but the data was taken', async () => {
    plan({ kind: 'delayAfterImport', delayMs: 400 });
    await expect(api.importRecords({ table_id: 'tbl_free', records: [{ values: { n: 1 } }] }, 'key-a', { signal: AbortSignal.timeout(100) }))
      .rejects.toThrow();
    expect(emu.rows('tbl_free')).toEqual([{ n: 1 }]);
    expect(emu.tasks()).toHaveLength(1);
  });

  test('malformedJson: a 200 whose body does not parse', async () => {
    plan({ kind: 'malformedJson' });
    const res = await send(1);
    expect(res.status).toBe(200);
    expect(res.json).toBeUndefined();
    expect(() => JSON.parse(res.text)).toThrow();
    expect(emu.rows('tbl_free')).toEqual([{ n: 1 }]);
    expect(emu.requests[0]).toMatchObject({ fault: 'malformedJson', code: 0, taskId: expect.any(String) });
  });

  test('cutReply: the import happens, the reply stops half-way and the connection closes', async () => {
    plan({ kind: 'cutReply', times: 1 });
    await expect(send(1)).rejects.toThrow();
    expect(emu.rows('tbl_free')).toEqual([{ n: 1 }]);
    expect(emu.requests[0]).toMatchObject({ fault: 'cutReply', code: 0, taskId: expect.any(String) });
  });

  test('slowDrip: a valid reply that takes delayMs to arrive', async () => {
    plan({ kind: 'slowDrip', delayMs: 300 });
    const started = Date.now();
    const res = await send(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(res.json.code).toBe(0);
    expect(emu.rows('tbl_free')).toEqual([{ n: 1 }]);
  });
});

describe('triggers', () => {
  test('every n-th request, at most `times` firings', async () => {
    plan({ kind: 'code50000', every: 2, times: 2 });
    const codes = [];
    for (let n = 1; n <= 7; n++) codes.push((await send(n)).json.code);
    expect(codes).toEqual([0, 50000, 0, 50000, 0, 0, 0]);
  });

  test('seeded probability is deterministic', async () => {
    const expected = Array.from({ length: 8 }, ((random) => () => (random() < 0.5 ? 50000 : 0))(mulberry32(42)));
    for (let round = 0; round < 2; round++) {
      plan({ kind: 'code50000', probability: 0.5, seed: 42 });
      const codes = [];
      for (let n = 1; n <= 8; n++) codes.push((await send(n)).json.code);
      expect(codes).toEqual(expected);
    }
    expect(expected).toContain(0);
    expect(expected).toContain(50000);
  });

  test('path selects another endpoint; imports are then untouched', async () => {
    plan({ kind: 'http500', path: RESULTS, requests: [1] });
    const id = (await send(1)).json.data[0];
    expect((await api.results([id])).status).toBe(500);
    expect((await api.results([id])).json[0].status).toBe('AVAILABLE');
  });

  test('unknown fault kinds are refused', () => {
    expect(() => emu.configure({ faults: [/** @type {any} */ ({ kind: 'gremlins' })] })).toThrow(/unknown fault kind/);
  });
});

// @ts-check
'use strict';

// Request-level rules of the emulator: auth, table access, limits, CSV size, record formats, records/page.

const { startEmulator, csvByteLength } = require('./index');
const { toCsv } = require('./csv');
const { fixtureTables, clientFor, referenceCsvBytes } = require('./testHelpers');

/** @type {Awaited<ReturnType<typeof startEmulator>>} */
let emu;
/** @type {ReturnType<typeof clientFor>} */
let api;

beforeAll(async () => {
  emu = await startEmulator({ apiKeys: ['key-a', 'key-b'], tables: fixtureTables(), recordFormat: 'values' });
  api = clientFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('authentication and table access', () => {
  test('missing or unknown key -> 40127 with HTTP 401', async () => {
    for (const key of [null, 'nope']) {
      const res = await api.importValues('tbl_free', [{ a: 1 }], key);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ code: 40127, message: 'developer authentication failed' });
    }
    expect(emu.requests.map((r) => r.apiKey)).toEqual([null, 'nope']);
    expect(emu.rows('tbl_free')).toEqual([]);
  });

  test('unknown table -> 403106, key not allowed for the table -> 403131', async () => {
    const missing = await api.importValues('tbl_nope', [{ a: 1 }]);
    expect([missing.status, missing.json.code]).toEqual([403, 403106]);
    const denied = await api.importValues('tbl_products', [{ id: '9' }], 'key-b');
    expect([denied.status, denied.json.code, denied.json.message]).toEqual([403, 403131, 'no access to this table']);
    const allowed = await api.importValues('tbl_free', [{ a: 1 }], 'key-b');
    expect(allowed.json.code).toBe(0);
  });

  test("errorStyle 'body' answers HTTP 200 with the code in the body", async () => {
    emu.configure({ errorStyle: 'body' });
    try {
      const res = await api.importValues('tbl_free', [{ a: 1 }], 'nope');
      expect([res.status, res.json.code]).toEqual([200, 40127]);
    } finally {
      emu.configure({ errorStyle: 'http' });
    }
  });

  test('malformed JSON and unknown paths', async () => {
    const bad = await api.importRecords('{"table_id": "tbl_free", "records": [');
    expect([bad.status, bad.json.code]).toEqual([400, 40000]);
    expect(bad.json.message).toMatch(/not valid JSON/);
    // The documented Content-Type is required: a JSON body sent as text is refused.
    const asText = await fetch(`${emu.url}/v1/database/import/records`, {
      method: 'POST',
      headers: { authorization: 'Bearer key-a', 'content-type': 'text/plain' },
      body: JSON.stringify({ table_id: 'tbl_free', records: [{ values: { a: 1 } }] }),
    });
    expect(asText.status).toBe(400);
    expect(await asText.json()).toMatchObject({ code: 40000, message: 'Content-Type must be application/json, not "text/plain"' });
    const unknown = await api.control('GET', '/v1/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe(40000);
  });
});

describe('request limits', () => {
  test('table_id and records are checked in order', async () => {
    expect((await api.importRecords({ records: [] })).json.message).toMatch(/table_id must be a non-empty string/);
    expect((await api.importRecords({ table_id: 'tbl_free' })).json.message).toMatch(/records must be a list/);
    expect((await api.importRecords({ table_id: 'tbl_free', records: [] })).json.message).toMatch(/at least 1/);
  });

  test('1000 records are accepted, 1001 are rejected', async () => {
    const make = (/** @type {number} */ n) => Array.from({ length: n }, (_, i) => ({ n: i }));
    const ok = await api.importValues('tbl_free', make(1000));
    expect(ok.json.code).toBe(0);
    expect(emu.rows('tbl_free')).toHaveLength(1000);
    const tooMany = await api.importValues('tbl_free', make(1001));
    expect([tooMany.status, tooMany.json.code]).toEqual([400, 40000]);
    expect(tooMany.json.message).toBe('records must contain at most 1000 records, got 1001');
    expect(emu.rows('tbl_free')).toHaveLength(1000);
    expect(emu.requests[1].recordCount).toBe(1001);
  });

  test('a batch whose CSV is exactly 10 MB is accepted, one byte more is rejected', async () => {
    const limit = 10 * 1024 * 1024;
    // header "c\r\n" (3 bytes) + 1000 lines of (value + CRLF)
    const valueBytes = limit - 3 - 1000 * 2;
    const base = Math.floor(valueBytes / 1000);
    const records = Array.from({ length: 1000 }, (_, i) => ({ c: 'x'.repeat(base + (i < valueBytes - base * 1000 ? 1 : 0)) }));
    expect(referenceCsvBytes(records)).toBe(limit);
    expect(csvByteLength(records)).toBe(limit);
    const ok = await api.importValues('tbl_free', records);
    expect(ok.json).toEqual({ code: 0, message: 'OK', data: [expect.stringMatching(/^[0-9a-f]{24}$/)] });
    expect(emu.requests[0].csvBytes).toBe(limit);

    records[0].c += 'x';
    const over = await api.importValues('tbl_free', records);
    expect([over.status, over.json.code]).toEqual([400, 40000]);
    expect(over.json.message).toMatch(/10485761 bytes, over the limit of 10485760/);
    expect(emu.rows('tbl_free')).toHaveLength(1000);
  });

  test('csvByteLength: column union, quoting, empty values, UTF-8', () => {
    /** @type {import('./types').RowValues[]} */
    const records = [{ a: 'x,y', b: 'say "hi"' }, { c: 'line\nbreak', a: null }, { b: true, a: 1.5, d: '€😀' }, { e: 'cr\r' }];
    expect(toCsv(records)).toBe(
      'a,b,c,d,e\r\n"x,y","say ""hi""",,,\r\n,,"line\nbreak",,\r\n1.5,true,,€😀,\r\n,,,,"cr\r"\r\n',
    );
    expect(csvByteLength(records)).toBe(Buffer.byteLength(toCsv(records)));
    expect(csvByteLength(records)).toBe(referenceCsvBytes(records));
  });

  test('objects and arrays are rejected with the record index and field', async () => {
    const res = await api.importValues('tbl_free', [{ a: 1 }, { a: 2, tags: ['x'] }]);
    expect(res.json.code).toBe(40000);
    expect(res.json.message).toMatch(/records\[1\] field "tags".*got array/);
    const nested = await api.importValues('tbl_free', [{ a: { b: 1 } }]);
    expect(nested.json.message).toMatch(/records\[0\] field "a".*got object/);
  });

  test('text cut in the middle of an emoji is stored with U+FFFD in its place, as a UTF-8 CSV holds it', async () => {
    const res = await api.importValues('tbl_free', [{ a: 'ok 🚀', b: 'cut \uD83D' }]);
    expect(res.json.code).toBe(0);
    expect(emu.rows('tbl_free')).toEqual([{ a: 'ok 🚀', b: 'cut \uFFFD' }]);
  });

  test('a column that is not a field of a typed table is rejected by name', async () => {
    const res = await api.importValues('tbl_products', [{ id: '2' }, { id: '3', colour: 'red' }]);
    expect(res.json.code).toBe(40000);
    expect(res.json.message).toMatch(/records\[1\] column "colour" is not a field/);
  });
});

describe('record formats', () => {
  afterEach(() => emu.configure({ recordFormat: 'values' }));

  test("'values' requires the {values} wrapper", async () => {
    const flat = await api.importRecords({ table_id: 'tbl_free', records: [{ a: 1 }] });
    expect(flat.json.code).toBe(40000);
    expect(flat.json.message).toMatch(/records\[0\] has no "values" object/);
    const extra = await api.importRecords({ table_id: 'tbl_free', records: [{ values: { a: 1 }, x: 1 }] });
    expect(extra.json.message).toMatch(/key "x" beside "values"/);
  });

  test("'flat' takes the record itself; a wrapper is then an object value", async () => {
    emu.configure({ recordFormat: 'flat' });
    expect((await api.importRecords({ table_id: 'tbl_free', records: [{ a: 1 }] })).json.code).toBe(0);
    const wrapped = await api.importRecords({ table_id: 'tbl_free', records: [{ values: { a: 1 } }] });
    expect(wrapped.json.message).toMatch(/field "values".*got object/);
    expect(emu.rows('tbl_free')).toEqual([{ a: 1 }]);
  });

  test("'auto' accepts both forms", async () => {
    emu.configure({ recordFormat: 'auto' });
    const res = await api.importRecords({ table_id: 'tbl_free', records: [{ values: { a: 1 } }, { a: 2 }, { values: 'text' }] });
    expect(res.json.code).toBe(0);
    expect(emu.rows('tbl_free')).toEqual([{ a: 1 }, { a: 2 }, { values: 'text' }]);
  });
});

describe('records/page', () => {
  test('reports the typed schema and pages the rows', async () => {
    await api.importValues('tbl_products', [{ id: '2', name: 'b' }, { id: '3', name: 'c' }, { id: '4', name: 'd' }]);
    const res = await api.page({ table_id: 'tbl_products', page: 2, page_size: 2 });
    expect(res.status).toBe(200);
    const { table_info: info, records, total_count: total } = res.json.data;
    expect(info).toMatchObject({ id: 'tbl_products', name: 'products', description: 'typed test table', field_count: 6 });
    expect(info.fields[0]).toEqual({ name: 'id', description: 'product id', type: 'TEXT', required: true, unique: true });
    expect(info.fields[2]).toEqual({ name: 'price', description: '', type: 'FLOAT', required: false, unique: false });
    expect(total).toBe(4);
    expect(records.map((/** @type {any} */ r) => r.value.id)).toEqual(['3', '4']);
    expect(records[0]).toEqual({ id: expect.stringMatching(/^\d+$/), value: { id: '3', name: 'c' }, created_at: expect.any(Number), updated_at: expect.any(Number) });
    const searched = await api.page({ table_id: 'tbl_products', page: 1, page_size: 10, keyword: 'C' });
    expect(searched.json.data.records.map((/** @type {any} */ r) => r.value.id)).toEqual(['3']);
  });

  test('schemaless tables declare no fields and list what they store', async () => {
    await api.importValues('tbl_free', [{ a: 1 }, { b: true, a: 2 }]);
    const res = await api.page({ table_id: 'tbl_free', page: 1, page_size: 100 });
    expect(res.json.data.table_info.fields).toEqual([]);
    expect(res.json.data.records.map((/** @type {any} */ r) => r.value)).toEqual([{ a: 1 }, { b: true, a: 2 }]);
  });

  test('page_size outside 1..100 and access errors', async () => {
    for (const pageSize of [0, 101, 2.5]) {
      const res = await api.page({ table_id: 'tbl_free', page: 1, page_size: pageSize });
      expect([res.status, res.json.code]).toEqual([400, 40000]);
    }
    expect((await api.page({ table_id: 'tbl_products', page: 1, page_size: 5 }, 'key-b')).json.code).toBe(403131);
    expect((await api.page({ table_id: 'x', page: 1, page_size: 5 })).json.code).toBe(403106);
  });
});

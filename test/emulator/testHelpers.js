// @ts-check
'use strict';

// Shared fixtures and a tiny fetch client for the emulator's jest tests.

const IMPORT = '/v1/database/import/records';
const RESULTS = '/v1/database/query/import-results';
const PAGE = '/v1/database/records/page';
const UPDATE = '/v2/database/update/record';
const DELETE = '/v2/database/delete/record';
const BOT_DETAIL = '/v1/bot/detail';
const TABLES = '/v1/database/tables/page';

/** @returns {import('./types').TableConfig[]} */
function fixtureTables() {
  return [
    {
      id: 'tbl_products',
      name: 'products',
      description: 'typed test table',
      fields: [
        { name: 'id', type: 'TEXT', required: true, unique: true, description: 'product id' },
        { name: 'name', type: 'TEXT', required: false, unique: false },
        { name: 'price', type: 'FLOAT', required: false, unique: false },
        { name: 'stock', type: 'INT', required: false, unique: false },
        { name: 'active', type: 'BOOLEAN', required: false, unique: false },
        { name: 'updated', type: 'DATETIME', required: false, unique: false },
      ],
      keys: ['key-a'],
      rows: [{ id: '1', price: 2.5 }],
    },
    { id: 'tbl_free', name: 'anything' },
  ];
}

/**
 * @param {string} baseUrl
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body] string bodies are sent as is
 * @param {string|null} [key]
 * @param {{ signal?: AbortSignal }} [options]
 */
async function call(baseUrl, method, path, body, key = 'key-a', options = {}) {
  /** @type {Record<string, string>} */
  const headers = { 'content-type': 'application/json' };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const res = await fetch(baseUrl + path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: options.signal,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** @param {{ url: string }} emu */
function clientFor(emu) {
  return {
    /** @param {unknown} body @param {string|null} [key] @param {{ signal?: AbortSignal }} [options] */
    importRecords: (body, key, options) => call(emu.url, 'POST', IMPORT, body, key, options),
    /** @param {string} tableId @param {unknown[]} values @param {string|null} [key] */
    importValues: (tableId, values, key) => call(emu.url, 'POST', IMPORT, { table_id: tableId, records: values.map((v) => ({ values: v })) }, key),
    /** @param {string[]} ids @param {string|null} [key] */
    results: (ids, key) => call(emu.url, 'GET', `${RESULTS}?${ids.map((id) => `ids=${encodeURIComponent(id)}`).join('&')}`, undefined, key),
    /** @param {unknown} body @param {string|null} [key] */
    page: (body, key) => call(emu.url, 'POST', PAGE, body, key),
    /** @param {unknown} body @param {string|null} [key] */
    update: (body, key) => call(emu.url, 'POST', UPDATE, body, key),
    /** @param {unknown} body @param {string|null} [key] */
    remove: (body, key) => call(emu.url, 'POST', DELETE, body, key),
    /** @param {string|null} [key] */
    botDetail: (key) => call(emu.url, 'GET', BOT_DETAIL, undefined, key),
    /** @param {unknown} body @param {string|null} [key] */
    tables: (body, key) => call(emu.url, 'POST', TABLES, body, key),
    /** @param {string} method @param {string} path @param {unknown} [body] */
    control: (method, path, body) => call(emu.url, method, path, body, null),
  };
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Independent CSV size for the tests (the server's csv.js must agree with it).
 * @param {Record<string, unknown>[]} records
 */
function referenceCsvBytes(records) {
  /** @type {string[]} */
  const columns = [];
  for (const record of records) for (const key of Object.keys(record)) if (!columns.includes(key)) columns.push(key);
  /** @param {unknown} v */
  const field = (v) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(text) ? `"${text.split('"').join('""')}"` : text;
  };
  const lines = [columns.map(field).join(',')].concat(records.map((r) => columns.map((c) => field(r[c])).join(',')));
  return Buffer.byteLength(lines.map((line) => `${line}\r\n`).join(''), 'utf8');
}

/**
 * @typedef {{ emu: Awaited<ReturnType<typeof import('./index').startEmulator>>, api: ReturnType<typeof clientFor> }} FixtureEmulator
 */

/**
 * One emulator with the fixture tables and key-a for a whole test file, closed after it.
 * @param {(started: FixtureEmulator) => void} onStart gets the emulator and its client
 * @param {Partial<import('./types').EmulatorOptions>} [extra] more options; its tables come after the fixture's
 */
function useFixtureEmulator(onStart, extra = {}) {
  /** @type {FixtureEmulator['emu'] | undefined} */
  let emu;
  beforeAll(async () => {
    emu = await require('./index').startEmulator({ apiKeys: ['key-a'], ...extra, tables: [...fixtureTables(), ...(extra.tables ?? [])] });
    onStart({ emu, api: clientFor(emu) });
  });
  afterAll(() => emu?.close());
}

module.exports = { IMPORT, RESULTS, PAGE, UPDATE, DELETE, BOT_DETAIL, TABLES, fixtureTables, call, clientFor, sleep, referenceCsvBytes, useFixtureEmulator };

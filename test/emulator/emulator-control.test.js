// @ts-check
'use strict';

// In-process handle, /_emulator/* control endpoints, the request log and the CLI.

const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawn } = require('node:child_process');
const { useFixtureEmulator, call } = require('./testHelpers');

/** @type {import('./testHelpers').FixtureEmulator['emu']} */
let emu;
/** @type {import('./testHelpers').FixtureEmulator['api']} */
let api;
useFixtureEmulator((started) => ({ emu, api } = started));
beforeEach(() => emu.reset());

describe('control endpoints', () => {
  test('health, requests, rows and tasks need no auth and are not logged', async () => {
    const imported = await api.importValues('tbl_free', [{ a: 'x' }]);
    const health = await api.control('GET', '/_emulator/health');
    expect(health.json).toMatchObject({ code: 0, data: { status: 'ok', tables: ['tbl_products', 'tbl_free'] } });
    const requests = (await api.control('GET', '/_emulator/requests')).json.data;
    expect(requests).toHaveLength(1);
    expect(requests[0]).toEqual({
      seq: 1, method: 'POST', path: '/v1/database/import/records', apiKey: 'key-a', tableId: 'tbl_free', recordCount: 1,
      csvBytes: 6, bodyBytes: expect.any(Number), status: 200, code: 0, message: 'OK', taskId: imported.json.data[0],
      taskIds: null, fault: null, startedAt: expect.any(Number), durationMs: expect.any(Number),
    });
    expect((await api.control('GET', '/_emulator/rows?table=tbl_free')).json.data).toEqual([{ a: 'x' }]);
    expect((await api.control('GET', '/_emulator/rows?table=nope')).status).toBe(404);
    const tasks = (await api.control('GET', '/_emulator/tasks')).json.data;
    expect(tasks).toEqual([expect.objectContaining({ id: imported.json.data[0], status: 'AVAILABLE', tableId: 'tbl_free' })]);
    expect(emu.requests).toHaveLength(1);
  });

  test('configure and reset over HTTP', async () => {
    const configured = await api.control('POST', '/_emulator/configure', { errorStyle: 'body', faults: [{ kind: 'code40008', requests: [1] }] });
    expect(configured.json.code).toBe(0);
    expect((await api.importValues('tbl_free', [{ a: 1 }])).json.code).toBe(40008);
    expect((await api.importValues('tbl_free', [{ a: 2 }], 'bad')).status).toBe(200);
    const bad = await api.control('POST', '/_emulator/configure', { errorStyle: 'sometimes' });
    expect([bad.status, bad.json.code]).toEqual([400, 40000]);
    await api.control('POST', '/_emulator/configure', { errorStyle: 'http', faults: [] });

    await api.importValues('tbl_free', [{ a: 3 }]);
    await api.control('POST', '/_emulator/reset', { keepTables: true });
    expect(emu.requests).toHaveLength(0);
    expect(emu.tasks()).toHaveLength(0);
    expect(emu.rows('tbl_free')).toEqual([{ a: 3 }]);
    await api.control('POST', '/_emulator/reset');
    expect(emu.rows('tbl_free')).toEqual([]);
    expect(emu.rows('tbl_products')).toEqual([{ id: '1', price: 2.5 }]);
  });
});

describe('in-process handle', () => {
  test('configure adds and replaces tables', async () => {
    emu.configure({ tables: [{ id: 'tbl_new', fields: [{ name: 'k', type: 'INT', unique: true }], rows: [{ k: 1 }] }] });
    expect((await api.importValues('tbl_new', [{ k: 1 }])).json.message).toMatch(/already exists/);
    expect((await api.importValues('tbl_new', [{ k: '2' }])).json.code).toBe(0);
    expect(emu.rows('tbl_new')).toEqual([{ k: 1 }, { k: 2 }]);
    emu.configure({ tables: [{ id: 'tbl_new', name: 'renamed' }] });
    expect(emu.rows('tbl_new')).toEqual([]);
    expect((await api.page({ table_id: 'tbl_new', page: 1, page_size: 1 })).json.data.table_info.name).toBe('renamed');
  });

  test('the log keeps figures only, never bodies', async () => {
    await api.importValues('tbl_free', [{ secret: 'do-not-keep' }]);
    expect(JSON.stringify(emu.requests)).not.toContain('do-not-keep');
  });

  test('rows() of an unknown table throws', () => {
    expect(() => emu.rows('nope')).toThrow(/no table nope/);
  });
});

describe('CLI', () => {
  /**
   * @param {string[]} args
   * @returns {Promise<{ child: import('node:child_process').ChildProcess, line: any }>}
   */
  function startCli(args) {
    const child = spawn(process.execPath, [path.join(__dirname, 'cli.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (out.includes('\n')) resolve({ child, line: JSON.parse(out.split('\n')[0]) });
      });
      child.once('exit', (code) => reject(new Error(`cli exited with ${code} before printing its line`)));
    });
  }

  /** @param {import('node:child_process').ChildProcess} child */
  function stop(child) {
    return new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.kill('SIGTERM');
    });
  }

  test('starts with the demo config, prints {url, pid}, stops on SIGTERM', async () => {
    const { child, line } = await startCli(['--port', '0']);
    expect(line).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), pid: child.pid });
    const health = await call(line.url, 'GET', '/_emulator/health', undefined, null);
    expect(health.json.data.tables).toEqual(['demo_table', 'demo_products']);
    const imported = await call(line.url, 'POST', '/v1/database/import/records', { table_id: 'demo_table', records: [{ values: { a: 1 } }] }, 'demo-key');
    expect(imported.json.code).toBe(0);
    expect(await stop(child)).toEqual({ code: 0, signal: null });
  });

  test('reads options from --config', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-'));
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ apiKeys: ['k'], tables: [{ id: 't1' }], errorStyle: 'body' }));
    const { child, line } = await startCli(['--config', file]);
    try {
      const res = await call(line.url, 'POST', '/v1/database/import/records', { table_id: 't1', records: [{ values: { a: 1 } }] }, 'wrong');
      expect([res.status, res.json.code]).toEqual([200, 40127]);
    } finally {
      await stop(child);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

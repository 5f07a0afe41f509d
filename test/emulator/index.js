// @ts-check
'use strict';

// In-process entry point of the AltaTech data-table API emulator. See README of the brief / tests for usage.

const { EmulatorState } = require('./state');
const { createServer } = require('./server');
const { csvByteLength } = require('./csv');
const { DEFAULT_OPTIONS } = require('./options');

/** @typedef {import('./types').EmulatorOptions} EmulatorOptions */
/** @typedef {import('./types').LogEntry} LogEntry */
/** @typedef {import('./types').RowValues} RowValues */

/**
 * @typedef {object} Emulator
 * @property {string} url base URL, e.g. http://127.0.0.1:PORT
 * @property {number} port
 * @property {LogEntry[]} requests live request log (read only by convention)
 * @property {(tableId: string) => RowValues[]} rows stored rows of a table, in insertion order
 * @property {() => ReturnType<import('./tasks').TaskRegistry['list']>} tasks all tasks
 * @property {(options?: { keepTables?: boolean }) => void} reset
 * @property {(partial: Partial<EmulatorOptions>) => void} configure
 * @property {() => Promise<void>} close
 */

/**
 * Starts the emulator and resolves once it listens.
 * @param {Partial<EmulatorOptions>} [options]
 * @returns {Promise<Emulator>}
 */
async function startEmulator(options = {}) {
  const state = new EmulatorState(options);
  const { server, timers } = createServer(state);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(state.options.port, state.options.host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed = false;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    get requests() {
      return state.log.entries;
    },
    rows: (tableId) => state.rows(tableId),
    tasks: () => state.tasks.list(),
    reset: (resetOptions) => state.reset(resetOptions),
    configure: (partial) => state.configure(partial),
    async close() {
      if (closed) return;
      closed = true;
      timers.clear();
      state.tasks.clear();
      const stopped = new Promise((resolve) => server.close(() => resolve(undefined)));
      server.closeAllConnections(); // keep-alive sockets would otherwise hold close() open
      await stopped;
    },
  };
}

module.exports = { startEmulator, csvByteLength, DEFAULT_OPTIONS };

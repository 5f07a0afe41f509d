// @ts-check
'use strict';

// /_emulator/* endpoints: inspect and steer the emulator from another process. No auth, not logged.
// Replies are `{code, message, data}` envelopes like the API's.

const { readBody, jsonReply, sendReply } = require('./http');

/** @typedef {import('./state').EmulatorState} EmulatorState */
/** @typedef {import('./http').Reply} Reply */
/** @typedef {import('./http').TimerSet} TimerSet */

/** @param {unknown} data */
const ok = (data) => jsonReply(200, { code: 0, message: 'OK', data });
/** @param {number} status @param {string} message */
const fail = (status, message) => jsonReply(status, { code: 40000, message });

/** @param {Buffer | null} body */
function parseOptionalJson(body) {
  if (!body || body.length === 0) return {};
  return JSON.parse(body.toString('utf8'));
}

/**
 * @param {EmulatorState} state
 * @param {string} method
 * @param {URL} url
 * @param {Buffer | null} body
 * @returns {Reply}
 */
function controlReply(state, method, url, body) {
  const route = `${method} ${url.pathname}`;
  try {
    switch (route) {
      case 'GET /_emulator/health':
        return ok({ status: 'ok', pid: process.pid, requests: state.log.entries.length, tables: [...state.store.tables.keys()] });
      case 'GET /_emulator/requests':
        return ok(state.log.list());
      case 'GET /_emulator/tasks':
        return ok(state.tasks.list());
      case 'GET /_emulator/rows': {
        const tableId = url.searchParams.get('table') ?? '';
        if (!state.store.get(tableId)) return fail(404, `no table ${JSON.stringify(tableId)}`);
        return ok(state.rows(tableId));
      }
      case 'POST /_emulator/reset':
        state.reset(parseOptionalJson(body));
        return ok(null);
      case 'POST /_emulator/configure':
        state.configure(parseOptionalJson(body));
        return ok(null);
      default:
        return fail(404, `no such control endpoint: ${route}`);
    }
  } catch (error) {
    return fail(400, /** @type {Error} */ (error).message);
  }
}

/**
 * @param {EmulatorState} state
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {TimerSet} timers
 */
async function handleControlRequest(state, req, res, url, timers) {
  const { buffer } = await readBody(req);
  await sendReply(res, controlReply(state, req.method ?? 'GET', url, buffer), { timers });
}

module.exports = { handleControlRequest, CONTROL_PREFIX: '/_emulator/' };

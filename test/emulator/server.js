// @ts-check
'use strict';

// HTTP front: control endpoints aside, every request is logged, may meet a fault, and is routed to the API.

const http = require('node:http');
const { readBody, sendReply, cutReply, jsonReply, envelopeReply, textReply, truncateReply, TimerSet } = require('./http');
const { handleApiRequest, bearerToken } = require('./api');
const { handleControlRequest, CONTROL_PREFIX } = require('./control');
const { isRefusing, faultDelayMs } = require('./faults');
const { CODES } = require('./errors');

/** @typedef {import('./state').EmulatorState} EmulatorState */
/** @typedef {import('./http').Reply} Reply */
/** @typedef {import('./types').FaultRule} FaultRule */

const RATE_LIMIT_MESSAGE = 'requests per minute limit exceeded';

/**
 * The reply a refusing fault gives instead of the API (nothing imported).
 * @param {FaultRule} fault
 * @param {'http'|'body'} errorStyle
 * @param {string} [authorization] the request's Authorization header (quoted back by echoAuthorization)
 * @returns {Reply}
 */
function refusalReply(fault, errorStyle, authorization) {
  switch (fault.kind) {
    case 'code50000':
      return envelopeReply(CODES.INTERNAL_ERROR, 'Internal system error', errorStyle);
    case 'http500':
      return textReply(fault.status ?? 500, 'Internal Server Error');
    case 'http429': {
      /** @type {Record<string, string>} */
      const headers = {};
      if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
      if (fault.rateLimitReset !== undefined) headers['X-RateLimit-Reset'] = String(fault.rateLimitReset);
      return { ...jsonReply(429, { code: CODES.RATE_LIMITED, message: RATE_LIMIT_MESSAGE }), headers };
    }
    case 'code40008':
      return jsonReply(200, { code: CODES.RATE_LIMITED, message: RATE_LIMIT_MESSAGE });
    case 'nonZeroCode200':
      return jsonReply(200, { code: CODES.INTERNAL_ERROR, message: 'Internal system error (reported with HTTP 200)' });
    case 'echoAuthorization':
      return jsonReply(400, { code: CODES.PARAMETER_ERROR, message: `Parameter error: unexpected request header Authorization: ${authorization ?? ''}` });
    default:
      throw new Error(`fault ${fault.kind} does not refuse requests`);
  }
}

/**
 * @param {EmulatorState} state
 * @param {TimerSet} timers
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function handleRequest(state, timers, req, res) {
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  if (url.pathname.startsWith(CONTROL_PREFIX)) return handleControlRequest(state, req, res, url, timers);

  const method = req.method ?? 'GET';
  const entry = state.log.start(method, url.pathname, bearerToken(req.headers));
  const fault = state.faults.pick(url.pathname);
  entry.fault = fault ? fault.kind : null;
  if (fault && fault.kind === 'resetWhileSending') {
    // Reset before the body is read: the service cannot have taken the request.
    req.socket.destroy();
    state.log.finish(entry, { status: null, code: null, message: 'connection reset by fault, body unread' });
    return undefined;
  }
  const body = await readBody(req);
  entry.bodyBytes = body.size;

  if (fault && fault.kind === 'reset') {
    req.socket.destroy();
    state.log.finish(entry, { status: null, code: null, message: 'connection reset by fault' });
    return undefined;
  }
  let reply = fault && isRefusing(fault)
    ? refusalReply(fault, state.options.errorStyle, req.headers.authorization)
    : handleApiRequest(state, method, { url, body: body.buffer, contentType: req.headers['content-type'], entry });
  let dripMs = 0;
  if (fault && fault.kind === 'gatewayTimeoutAfterImport') reply = textReply(fault.status ?? 504, 'Gateway Timeout');
  if (fault && fault.kind === 'noTaskId' && reply.status < 300) reply = jsonReply(200, { code: 0, message: 'OK', data: [] });
  if (fault && fault.kind === 'emptyReply') reply = textReply(200, '');
  // echoAuthorization's words are its point: a client must keep the key they quote out of sight.
  if (!fault || fault.kind !== 'echoAuthorization') reply = state.wording.rewordReply(reply);
  if (fault && fault.kind === 'malformedJson') reply = truncateReply(reply);
  if (fault && fault.kind === 'delayAfterImport') await timers.sleep(faultDelayMs(fault));
  if (fault && fault.kind === 'slowDrip') dripMs = faultDelayMs(fault);

  state.log.finish(entry, reply); // logged before sending so the log is complete when the client sees the reply
  if (fault && fault.kind === 'cutReply') return cutReply(res, reply);
  await sendReply(res, reply, { dripMs, timers });
  entry.durationMs = Date.now() - entry.startedAt;
  return undefined;
}

/**
 * @param {EmulatorState} state
 * @returns {{ server: http.Server, timers: TimerSet }}
 */
function createServer(state) {
  const timers = new TimerSet();
  const server = http.createServer((req, res) => {
    handleRequest(state, timers, req, res).catch((error) => {
      // An emulator bug must be visible, not look like a service fault the client should retry.
      console.error('[emulator] internal error:', error);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`emulator internal error: ${error && error.message}`);
      } else {
        res.destroy();
      }
    });
  });
  return { server, timers };
}

module.exports = { createServer, refusalReply };

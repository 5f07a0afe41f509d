// @ts-check
'use strict';

// Reading request bodies and writing replies (plain, delayed, dripped or truncated).

const { httpStatusFor } = require('./errors');

/** Refuse absurd bodies outright; the real limit (10 MB of CSV) is checked on the parsed records. */
const MAX_BODY_BYTES = 128 * 1024 * 1024;
const DRIP_BYTES = 4;
const MAX_DRIP_PIECES = 100;

/**
 * @typedef {{ status: number, body: string, contentType: string, headers?: Record<string, string>,
 *   code: number|null, message: string|null }} Reply
 */

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<{ buffer: Buffer | null, size: number }>} buffer null when over MAX_BODY_BYTES
 */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve({ buffer: size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : null, size }));
    req.on('error', reject);
  });
}

/**
 * @param {number} status
 * @param {unknown} value
 * @returns {Reply}
 */
function jsonReply(status, value) {
  const envelope = /** @type {{ code?: unknown, message?: unknown }} */ (value);
  const isEnvelope = value !== null && typeof value === 'object' && !Array.isArray(value) && typeof envelope.code === 'number';
  return {
    status,
    body: JSON.stringify(value),
    contentType: 'application/json; charset=utf-8',
    code: isEnvelope ? /** @type {number} */ (envelope.code) : null,
    message: isEnvelope && typeof envelope.message === 'string' ? envelope.message : null,
  };
}

/**
 * A `{code, message, data?}` envelope with the HTTP status the error style gives its code.
 * @param {number} code
 * @param {string} message
 * @param {'http'|'body'} errorStyle
 * @param {unknown} [data] left out of error envelopes, as in the contract's failed response
 */
function envelopeReply(code, message, errorStyle, data) {
  return jsonReply(httpStatusFor(code, errorStyle), data === undefined ? { code, message } : { code, message, data });
}

/**
 * @param {number} status
 * @param {string} text
 * @returns {Reply}
 */
function textReply(status, text) {
  return { status, body: text, contentType: 'text/plain; charset=utf-8', code: null, message: text };
}

/** Timers the server may still be waiting on; cleared on close so nothing fires afterwards. */
class TimerSet {
  constructor() {
    /** @type {Set<NodeJS.Timeout>} */
    this.timers = new Set();
  }

  /** @param {number} ms */
  sleep(ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve(undefined);
      }, ms);
      this.timers.add(timer);
    });
  }

  clear() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/**
 * Writes the reply; with dripMs > 0 the headers go at once and the body a few bytes at a time over dripMs.
 * @param {import('node:http').ServerResponse} res
 * @param {Reply} reply
 * @param {{ dripMs?: number, timers: TimerSet }} options
 */
async function sendReply(res, reply, { dripMs = 0, timers }) {
  if (res.destroyed) return;
  const payload = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, {
    ...reply.headers,
    'Content-Type': reply.contentType,
    'Content-Length': String(payload.length),
  });
  if (dripMs <= 0 || payload.length === 0) {
    res.end(payload);
    return;
  }
  const pieceBytes = Math.max(DRIP_BYTES, Math.ceil(payload.length / MAX_DRIP_PIECES));
  const pieces = Math.ceil(payload.length / pieceBytes);
  res.flushHeaders();
  for (let piece = 0; piece < pieces; piece++) {
    await timers.sleep(dripMs / pieces);
    if (res.destroyed) return;
    const slice = payload.subarray(piece * pieceBytes, (piece + 1) * pieceBytes);
    if (piece === pieces - 1) res.end(slice);
    else res.write(slice);
  }
}

/**
 * Sends the headers and half the body, then closes the connection: the client sees a reply cut
 * off (the import happened all the same).
 * @param {import('node:http').ServerResponse} res
 * @param {Reply} reply
 */
function cutReply(res, reply) {
  const payload = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, { ...reply.headers, 'Content-Type': reply.contentType, 'Content-Length': String(payload.length) });
  res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.destroy());
}

/**
 * Cuts a JSON reply in half so it no longer parses (the data was taken all the same).
 * @param {Reply} reply
 * @returns {Reply}
 */
function truncateReply(reply) {
  return { ...reply, status: 200, body: reply.body.slice(0, Math.max(1, Math.floor(reply.body.length / 2))) };
}

module.exports = { readBody, jsonReply, envelopeReply, textReply, sendReply, cutReply, truncateReply, TimerSet, MAX_BODY_BYTES };

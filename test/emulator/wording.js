// @ts-check
'use strict';

// randomMessages: every error message and fail_reason is reworded at random (codes and HTTP
// statuses kept), so a client that decides on words instead of codes fails its tests. The new
// words are drawn from other errors' wording, so a misleading phrase is as likely as a fitting one.

const { mulberry32 } = require('./faults');
const { jsonReply, textReply } = require('./http');

/** @typedef {import('./http').Reply} Reply */

const PHRASES = Object.freeze([
  'Parameter error', 'Internal system error', 'table not found', 'no access to this table',
  'developer authentication failed', 'credentials expired', 'requests per minute limit exceeded',
  "Duplicate entry '1' for key 'id'", 'record not found', 'already exists', 'must be unique', 'is required',
  'invalid value', 'please try again later', 'request failed', 'OK', 'success', 'Invalid email format',
]);

class Wording {
  /** @param {number|null|false} seed null or false: messages keep their words */
  constructor(seed) {
    this.random = typeof seed === 'number' ? mulberry32(seed) : null;
  }

  /** @param {string} text */
  reword(text) {
    const random = this.random;
    if (!random) return text;
    const pick = () => PHRASES[Math.floor(random() * PHRASES.length)];
    const phrases = Array.from({ length: 1 + Math.floor(random() * 3) }, pick);
    // The reference makes each wording new, even when the phrases repeat the original's.
    return `${phrases.join(': ')} (ref ${Math.floor(random() * 0x1000000).toString(36)})`;
  }

  /**
   * The reply with its error message reworded: a JSON envelope whose code is not 0, or a text error body.
   * @param {Reply} reply
   * @returns {Reply}
   */
  rewordReply(reply) {
    if (!this.random) return reply;
    if (reply.code !== null && reply.code !== 0) {
      const envelope = JSON.parse(reply.body);
      return { ...jsonReply(reply.status, { ...envelope, message: this.reword(String(envelope.message)) }), headers: reply.headers };
    }
    if (reply.code === null && reply.status >= 400 && reply.contentType.startsWith('text/') && reply.body !== '') {
      return { ...textReply(reply.status, this.reword(reply.body)), headers: reply.headers };
    }
    return reply;
  }

  /**
   * @template {{ fail_reason: string }} T
   * @param {T[]} details
   * @returns {T[]}
   */
  rewordFailReasons(details) {
    return this.random ? details.map((detail) => ({ ...detail, fail_reason: this.reword(detail.fail_reason) })) : details;
  }
}

module.exports = { Wording };

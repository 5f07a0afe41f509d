// @ts-check
'use strict';

/** Error codes published by the vendor (see /work/shared/api/related-endpoints.md). */
const CODES = Object.freeze({
  OK: 0,
  PARAMETER_ERROR: 40000,
  RATE_LIMITED: 40008,
  CREDENTIALS_EXPIRED: 40107,
  NO_AGENT_ACCESS: 40113,
  AUTH_FAILED: 40127,
  TABLE_NOT_FOUND: 403106,
  NO_TABLE_ACCESS: 403131,
  INTERNAL_ERROR: 50000,
});

/** @type {Record<number, number>} */
const HTTP_STATUS_BY_CODE = {
  0: 200,
  40000: 400,
  40008: 429,
  40107: 401,
  40113: 401,
  40127: 401,
  403106: 403,
  403131: 403,
  50000: 500,
};

/** How the API words a refused key, by code (refusedKeys maps a key to one of these). @type {Readonly<Record<number, string>>} */
const REFUSAL_MESSAGES = Object.freeze({
  40107: 'credentials expired',
  40113: 'no access to this agent',
  40127: 'developer authentication failed',
});

/** A failure the API reports as a `{code, message}` envelope. */
class ApiError extends Error {
  /**
   * @param {number} code
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

/** @param {string} message */
function parameterError(message) {
  return new ApiError(CODES.PARAMETER_ERROR, message);
}

/**
 * HTTP status for an envelope code; 'body' style always answers 200, like services that only use the body.
 * @param {number} code
 * @param {'http'|'body'} errorStyle
 */
function httpStatusFor(code, errorStyle) {
  if (errorStyle === 'body' || code === 0) return 200;
  return HTTP_STATUS_BY_CODE[code] ?? 400;
}

module.exports = { CODES, REFUSAL_MESSAGES, ApiError, parameterError, httpStatusFor };

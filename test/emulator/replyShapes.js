// @ts-check
'use strict';

// The published pages disagree on reply shapes (envelope or bare object, "OK" or "success", counts
// as numbers or text, totalCount or total_count). `shape` picks a preset: 'documented' (the
// AltaTech pages, the default) or 'alternate' (every other published form at once);
// `replyShapes` overrides single choices on top of it.

const { jsonReply } = require('./http');

/** First choice of each = the 'documented' preset, second = 'alternate'. */
const SHAPE_CHOICES = Object.freeze({
  recordsPage: ['wrapped', 'bare'],
  importResults: ['bare', 'wrapped'],
  updateRecord: ['bare', 'wrapped'],
  botDetail: ['wrapped', 'bare'],
  tablesPage: ['bare', 'wrapped'],
  counts: ['number', 'string'],
  totalCountKey: ['totalCount', 'total_count'],
  successMessage: ['OK', 'success'],
});

/** @typedef {{ [K in keyof typeof SHAPE_CHOICES]: string }} ReplyShapes */
/** @typedef {'recordsPage'|'importResults'|'updateRecord'|'botDetail'|'tablesPage'} ShapedEndpoint */

/** @type {Record<string, ReplyShapes>} */
const SHAPE_PRESETS = Object.freeze({
  documented: /** @type {ReplyShapes} */ (Object.fromEntries(Object.entries(SHAPE_CHOICES).map(([name, [first]]) => [name, first]))),
  alternate: /** @type {ReplyShapes} */ (Object.fromEntries(Object.entries(SHAPE_CHOICES).map(([name, [, second]]) => [name, second]))),
});

/**
 * Throws a TypeError for an unknown preset, shape name or choice.
 * @param {unknown} shape
 * @param {unknown} replyShapes
 */
function validateShapes(shape, replyShapes) {
  if (shape !== undefined && !Object.hasOwn(SHAPE_PRESETS, /** @type {string} */ (shape))) {
    throw new TypeError(`emulator option shape must be one of ${Object.keys(SHAPE_PRESETS).join(', ')}, got ${JSON.stringify(shape)}`);
  }
  if (replyShapes === undefined) return;
  if (replyShapes === null || typeof replyShapes !== 'object' || Array.isArray(replyShapes)) throw new TypeError('emulator option replyShapes must be an object');
  for (const [name, value] of Object.entries(replyShapes)) {
    const allowed = /** @type {Record<string, readonly string[]>} */ (SHAPE_CHOICES)[name];
    if (!allowed) throw new TypeError(`emulator option replyShapes.${name} is unknown; known: ${Object.keys(SHAPE_CHOICES).join(', ')}`);
    if (!allowed.includes(value)) throw new TypeError(`emulator option replyShapes.${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
}

/**
 * @param {{ shape: string, replyShapes: Partial<ReplyShapes> }} options
 * @returns {ReplyShapes}
 */
function shapesOf(options) {
  return { ...SHAPE_PRESETS[options.shape], ...options.replyShapes };
}

/** A count as the shapes write it. @param {ReplyShapes} shapes @param {number} value */
function countValue(shapes, value) {
  return shapes.counts === 'string' ? String(value) : value;
}

/**
 * A success reply: `data` bare, or in a `{code: 0, message, data}` envelope, as the endpoint's shape says.
 * @param {ReplyShapes} shapes
 * @param {ShapedEndpoint} endpoint
 * @param {unknown} data
 */
function successReply(shapes, endpoint, data) {
  return shapes[endpoint] === 'bare' ? jsonReply(200, data) : jsonReply(200, { code: 0, message: shapes.successMessage, data });
}

module.exports = { SHAPE_CHOICES, SHAPE_PRESETS, validateShapes, shapesOf, countValue, successReply };

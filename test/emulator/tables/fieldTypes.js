// @ts-check
'use strict';

// Type rules a typed table applies to each value when an import task runs.

const FIELD_TYPES = Object.freeze(['TEXT', 'INT', 'FLOAT', 'BOOLEAN', 'DATETIME']);
const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMERIC_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOLEAN_TEXT = /^(?:true|false)$/i;
const DATETIME_TEXT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** @typedef {import('../types').FieldType} FieldType */
/** @typedef {import('../types').CellValue} CellValue */
/** @typedef {{ ok: true, value: CellValue } | { ok: false }} Normalised */

/** Missing, null and "" all become an empty CSV field, so the service cannot tell them apart. @param {unknown} value */
function isEmptyValue(value) {
  return value === undefined || value === null || value === '';
}

/** @param {string} text */
function isValidDateTime(text) {
  const match = DATETIME_TEXT.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // A round trip rejects dates such as 2025-02-30 that Date would silently roll over.
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day &&
    date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
}

/**
 * Checks a non-empty value against the field type and returns the value as the table stores it.
 * @param {FieldType} type
 * @param {CellValue} value
 * @returns {Normalised}
 */
function normaliseValue(type, value) {
  switch (type) {
    case 'TEXT':
      return { ok: true, value: String(value) };
    case 'INT':
      if (typeof value === 'number') return Number.isInteger(value) ? { ok: true, value } : { ok: false };
      if (typeof value === 'string' && INTEGER_TEXT.test(value)) return { ok: true, value: Number(value) };
      return { ok: false };
    case 'FLOAT':
      if (typeof value === 'number') return Number.isFinite(value) ? { ok: true, value } : { ok: false };
      if (typeof value === 'string' && NUMERIC_TEXT.test(value)) return { ok: true, value: Number(value) };
      return { ok: false };
    case 'BOOLEAN':
      if (typeof value === 'boolean') return { ok: true, value };
      if (typeof value === 'string' && BOOLEAN_TEXT.test(value)) return { ok: true, value: value.toLowerCase() === 'true' };
      return { ok: false };
    case 'DATETIME':
      return typeof value === 'string' && isValidDateTime(value) ? { ok: true, value } : { ok: false };
    default:
      return { ok: false };
  }
}

/** Unique values are limited in characters (code points), not UTF-16 units. @param {string} text */
function codePointLength(text) {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

module.exports = { FIELD_TYPES, isEmptyValue, normaliseValue, codePointLength, isValidDateTime };

// @ts-check
'use strict';

// The service turns each import batch into CSV and refuses batches whose CSV exceeds 10 MB.
// The client computes the same figure independently, so these rules must be exact.

const MAX_CSV_BYTES = 10 * 1024 * 1024;
const NEEDS_QUOTES = /[",\r\n]/;
const LINE_END = '\r\n';

/** @typedef {import('./types').RowValues} RowValues */

/**
 * Union of the records' keys in order of first appearance across the batch.
 * @param {RowValues[]} records plain value objects (already unwrapped from `{values}`)
 * @returns {string[]}
 */
function csvColumns(records) {
  const columns = new Set();
  for (const record of records) for (const key of Object.keys(record)) columns.add(key);
  return [...columns];
}

/**
 * Text of one value: strings as is, numbers String(n), booleans 'true'/'false', missing/null empty.
 * @param {unknown} value
 */
function csvCellText(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** @param {unknown} value */
function csvField(value) {
  const text = csvCellText(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * @param {RowValues} record
 * @param {string[]} columns
 */
function csvRecordLine(record, columns) {
  // Object.hasOwn: a missing column named e.g. "constructor" must not read the prototype.
  return columns.map((column) => csvField(Object.hasOwn(record, column) ? record[column] : null)).join(',') + LINE_END;
}

/** @param {string[]} columns */
function csvHeaderLine(columns) {
  return columns.map(csvField).join(',') + LINE_END;
}

/**
 * UTF-8 byte length of the batch's CSV, computed line by line so no 10 MB string is built.
 * @param {RowValues[]} records
 * @returns {number}
 */
function csvByteLength(records) {
  const columns = csvColumns(records);
  let bytes = Buffer.byteLength(csvHeaderLine(columns), 'utf8');
  for (const record of records) bytes += Buffer.byteLength(csvRecordLine(record, columns), 'utf8');
  return bytes;
}

/**
 * The whole CSV text (for debugging and tests; the server only needs the size).
 * @param {RowValues[]} records
 */
function toCsv(records) {
  const columns = csvColumns(records);
  return csvHeaderLine(columns) + records.map((record) => csvRecordLine(record, columns)).join('');
}

module.exports = { MAX_CSV_BYTES, csvColumns, csvCellText, csvField, csvByteLength, toCsv };

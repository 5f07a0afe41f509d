// @ts-check
'use strict';

// Checks shared by the table endpoints: the JSON body, the table, a record's target (record_id or
// a one-unique-column filter) and column values. Each failure is a 40000 for the whole request.

const { parameterError } = require('./errors');

/** @typedef {import('./types').RowValues} RowValues */
/** @typedef {import('./types').LogEntry} LogEntry */
/** @typedef {import('./tables/table').Table} Table */
/** @typedef {import('./tables/table').UniqueFilter} UniqueFilter */
/** @typedef {import('./tables/store').TableStore} TableStore */
/** @typedef {{ recordId: string, filter?: undefined } | { recordId?: undefined, filter: UniqueFilter }} RecordTarget */

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The documented request headers include `Content-Type: application/json`.
 * @param {Buffer | null} body
 * @param {string | undefined} contentType
 * @param {{ maxBytes?: number, limitName?: string }} [limit] a body limit the endpoint documents
 */
function parseJsonBody(body, contentType, { maxBytes, limitName } = {}) {
  if (!/^application\/json\s*(;|$)/i.test(contentType ?? '')) {
    throw parameterError(`Content-Type must be application/json, not ${contentType ? `"${contentType}"` : 'missing'}`);
  }
  if (body === null) throw parameterError('request body is too large');
  if (maxBytes !== undefined && body.length > maxBytes) {
    throw parameterError(`request body is ${body.length} bytes, over the limit of ${maxBytes} bytes (${limitName})`);
  }
  if (body.length === 0) throw parameterError('request body is empty; expected a JSON object');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw parameterError(`request body is not valid JSON: ${/** @type {Error} */ (error).message}`);
  }
}

/**
 * The table a request body names, as its key may use it (403106 / 403131); logs its id.
 * @param {unknown} request parsed JSON
 * @param {string} expected the fields the endpoint takes, for the message
 * @param {TableStore} store
 * @param {LogEntry} entry
 */
function requestedTable(request, expected, store, entry) {
  if (!isPlainObject(request)) throw parameterError(`request body must be a JSON object with ${expected}`);
  const tableId = request.table_id;
  if (typeof tableId !== 'string' || tableId === '') throw parameterError('table_id must be a non-empty string');
  entry.tableId = tableId;
  return { request, table: store.resolveForKey(tableId, entry.apiKey) };
}

/**
 * A list field of 1..max entries; its length is logged as the request's record count.
 * @param {Record<string, unknown>} request
 * @param {string} name
 * @param {number} max
 * @param {LogEntry} entry
 * @returns {unknown[]}
 */
function entryList(request, name, max, entry) {
  const list = request[name];
  if (!Array.isArray(list)) throw parameterError(`${name} must be a list`);
  entry.recordCount = list.length;
  if (list.length === 0) throw parameterError(`${name} must contain at least 1 entry`);
  if (list.length > max) throw parameterError(`${name} must contain at most ${max} entries, got ${list.length}`);
  return list;
}

/**
 * A filter is an equality on exactly one unique column (the page: "must include a field with
 * unique: true, and only one field is supported").
 * @param {Table} table
 * @param {unknown} filter
 * @param {string} where
 * @returns {UniqueFilter}
 */
function readFilter(table, filter, where) {
  if (!isPlainObject(filter)) throw parameterError(`${where} must be a JSON object of one unique column and its value`);
  const names = Object.keys(filter);
  if (names.length !== 1) throw parameterError(`${where} must name exactly one unique column, got ${names.length}`);
  const [field] = names;
  const column = table.field(field);
  if (!column) throw parameterError(`${where} column "${field}" is not a field of table ${table.id}`);
  if (!column.unique) throw parameterError(`${where} column "${field}" is not unique; a filter takes one unique column`);
  const value = filter[field];
  if (value === null || typeof value === 'object') throw parameterError(`${where} value of "${field}" must be a string, number or boolean`);
  return { field, value: /** @type {string|number|boolean} */ (value) };
}

/**
 * An entry's record: its record_id when it has one (record_id wins, its filter is then not read), else its filter.
 * @param {Table} table
 * @param {Record<string, unknown>} item
 * @param {string} where
 * @returns {RecordTarget}
 */
function readTarget(table, item, where) {
  if (item.record_id !== undefined && item.record_id !== null) {
    // A number could not hold an 18-digit id exactly.
    if (typeof item.record_id !== 'string' || item.record_id === '') throw parameterError(`${where}.record_id must be a non-empty string`);
    return { recordId: item.record_id };
  }
  if (item.filter !== undefined && item.filter !== null) return { filter: readFilter(table, item.filter, `${where}.filter`) };
  throw parameterError(`${where} needs a record_id or a filter`);
}

/**
 * Column values are strings, numbers, booleans or null, as in an import.
 * @param {RowValues} row
 * @param {string} where
 */
function checkScalarValues(row, where) {
  for (const [column, value] of Object.entries(row)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    if (kind === 'object' || kind === 'array') {
      throw parameterError(`${where} field "${column}": value must be a string, number, boolean or null, got ${kind} (turn it into text first)`);
    }
    if (kind === 'number' && !Number.isFinite(value)) {
      throw parameterError(`${where} field "${column}": number ${value} is not finite`);
    }
  }
}

/**
 * Text holding half of a surrogate pair (text cut in the middle of an emoji) cannot be written as
 * UTF-8, and is stored with U+FFFD in its place.
 * @param {RowValues} row
 */
function asUtf8Text(row) {
  for (const [column, value] of Object.entries(row)) {
    if (typeof value === 'string' && !value.isWellFormed()) row[column] = value.toWellFormed();
  }
}

/**
 * A typed table has no column for keys it does not define.
 * @param {Table} table
 * @param {string[]} columns
 * @param {string} where
 */
function checkKnownColumns(table, columns, where) {
  if (!table.fields) return;
  const fieldNames = table.fields.map((field) => field.name);
  const unknown = columns.find((column) => !fieldNames.includes(column));
  if (unknown !== undefined) throw parameterError(`${where} column "${unknown}" is not a field of table ${table.id} (fields: ${fieldNames.join(', ')})`);
}

module.exports = { isPlainObject, parseJsonBody, requestedTable, entryList, readFilter, readTarget, checkScalarValues, asUtf8Text, checkKnownColumns };

// @ts-check
'use strict';

// The checks POST /v1/database/import/records makes before a task exists. Each failure rejects the
// whole request with 40000 and a message naming the rule (and the record index and field, if any).

const { parameterError } = require('./errors');
const { isPlainObject, requestedTable, checkScalarValues, asUtf8Text } = require('./requestBody');
const { csvByteLength, csvColumns, MAX_CSV_BYTES } = require('./csv');
const { codePointLength } = require('./tables/fieldTypes');
const { MAX_UNIQUE_CHARS } = require('./tables/applyImport');

const MAX_RECORDS = 1000;

/** @typedef {import('./types').RowValues} RowValues */
/** @typedef {import('./types').LogEntry} LogEntry */
/** @typedef {import('./tables/store').Table} Table */
/** @typedef {import('./tables/store').TableStore} TableStore */

/**
 * Validates an import body; fills the log entry's figures as they become known.
 * @param {unknown} body parsed JSON
 * @param {{ store: TableStore, recordFormat: 'values'|'flat'|'auto', uniqueCheck: 'sync'|'async' }} settings
 * @param {LogEntry} entry
 * @returns {{ table: Table, rows: RowValues[] }}
 */
function validateImportRequest(body, settings, entry) {
  const { request, table } = requestedTable(body, 'table_id and records', settings.store, entry);
  const records = request.records;
  if (!Array.isArray(records)) throw parameterError('records must be a list of records');
  entry.recordCount = records.length;
  if (records.length === 0) throw parameterError('records must contain at least 1 record');
  if (records.length > MAX_RECORDS) {
    throw parameterError(`records must contain at most ${MAX_RECORDS} records, got ${records.length}`);
  }
  const rows = records.map((record, index) => unwrapRecord(record, index, settings.recordFormat));
  rows.forEach((row, index) => checkScalarValues(row, `records[${index}]`));
  rows.forEach(asUtf8Text);

  const csvBytes = csvByteLength(rows);
  entry.csvBytes = csvBytes;
  if (csvBytes > MAX_CSV_BYTES) {
    throw parameterError(`the CSV built from records is ${csvBytes} bytes, over the limit of ${MAX_CSV_BYTES} bytes (10 MB)`);
  }
  if (table.fields && settings.uniqueCheck === 'sync') checkUniqueFields(table, rows);
  if (table.fields) checkKnownColumns(table, rows);
  return { table, rows };
}

/**
 * The value object of a record, per record format.
 * @param {unknown} record
 * @param {number} index
 * @param {'values'|'flat'|'auto'} format
 * @returns {RowValues}
 */
function unwrapRecord(record, index, format) {
  const where = `records[${index}]`;
  if (!isPlainObject(record)) {
    throw parameterError(format === 'values' ? `${where} must be a JSON object of the form {"values": {...}}` : `${where} must be a JSON object`);
  }
  const keys = Object.keys(record);
  const isWrapper = keys.length === 1 && keys[0] === 'values' && isPlainObject(record.values);
  if (format === 'values') {
    if (!Object.hasOwn(record, 'values')) throw parameterError(`${where} has no "values" object (record format "values")`);
    if (!isPlainObject(record.values)) throw parameterError(`${where}.values must be a JSON object of column values`);
    const extra = keys.find((key) => key !== 'values');
    if (extra !== undefined) throw parameterError(`${where} has key "${extra}" beside "values" (record format "values")`);
  }
  if (format === 'values' || (format === 'auto' && isWrapper)) return /** @type {RowValues} */ (record.values);
  return /** @type {RowValues} */ (record);
}

/**
 * Contract: unique fields present, not empty, at most 256 characters, not repeated, not already stored.
 * @param {Table} table
 * @param {RowValues[]} rows
 */
function checkUniqueFields(table, rows) {
  const uniqueFields = table.uniqueFields;
  /** @type {Map<string, Map<string, number>>} field -> value text -> first record index */
  const firstIndexByValue = new Map(uniqueFields.map((field) => [field.name, new Map()]));
  rows.forEach((row, index) => {
    for (const { name } of uniqueFields) {
      const where = `records[${index}] unique field "${name}"`;
      if (!Object.hasOwn(row, name)) throw parameterError(`${where} is missing; every unique field must be present`);
      if (row[name] === null) throw parameterError(`${where} is null; unique values must not be empty`);
      const text = String(row[name]);
      if (text === '') throw parameterError(`${where} is empty; unique values must not be empty`);
      const length = codePointLength(text);
      if (length > MAX_UNIQUE_CHARS) throw parameterError(`${where} is ${length} characters long, over the limit of ${MAX_UNIQUE_CHARS}`);
      const firstIndexes = /** @type {Map<string, number>} */ (firstIndexByValue.get(name));
      const firstIndex = firstIndexes.get(text);
      if (firstIndex !== undefined) throw parameterError(`${where} repeats the value "${text}" of records[${firstIndex}]; unique values must not repeat`);
      firstIndexes.set(text, index);
      if (table.hasStoredUnique(name, text)) throw parameterError(`${where} value "${text}" already exists in table ${table.id}`);
    }
  });
}

/**
 * A typed table has no column for keys it does not define.
 * @param {Table} table
 * @param {RowValues[]} rows
 */
function checkKnownColumns(table, rows) {
  const fieldNames = new Set((table.fields ?? []).map((field) => field.name));
  const unknown = csvColumns(rows).find((column) => !fieldNames.has(column));
  if (unknown === undefined) return;
  const index = rows.findIndex((row) => Object.hasOwn(row, unknown));
  throw parameterError(`records[${index}] column "${unknown}" is not a field of table ${table.id} (fields: ${[...fieldNames].join(', ')})`);
}

module.exports = { validateImportRequest, unwrapRecord, MAX_RECORDS };

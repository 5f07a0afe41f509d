// @ts-check
'use strict';

// Applies the entries of POST /v2/database/update/record one after another (each sees the
// previous ones' changes). An entry that cannot be applied changes nothing and is reported in
// fail_detail; the others are applied.

const { isEmptyValue, normaliseValue, codePointLength } = require('./fieldTypes');
const { MAX_UNIQUE_CHARS } = require('./applyImport');

/** @typedef {import('./table').Table} Table */
/** @typedef {import('../types').RowValues} RowValues */
/** @typedef {import('../requestBody').RecordTarget} RecordTarget */
/**
 * @typedef {{ target: RecordTarget, fields: RowValues, echo: Record<string, unknown> }} UpdateEntry
 *   echo: the entry's record_id or filter as sent, for its fail_detail
 * @typedef {{ upsert_data: Record<string, unknown>, fail_reason: string }} UpdateFailure
 */

/**
 * @param {Table} table
 * @param {UpdateEntry[]} entries
 * @param {boolean} isCreate
 * @param {number} now
 * @returns {{ successCount: number, failures: UpdateFailure[] }}
 */
function applyUpdate(table, entries, isCreate, now) {
  /** @type {UpdateFailure[]} */
  const failures = [];
  for (const entry of entries) {
    const reason = applyEntry(table, entry, isCreate, now);
    if (reason !== null) failures.push({ upsert_data: { ...entry.echo, value: entry.fields }, fail_reason: reason });
  }
  return { successCount: entries.length - failures.length, failures };
}

/**
 * @param {Table} table
 * @param {UpdateEntry} entry
 * @param {boolean} isCreate
 * @param {number} now
 * @returns {string | null} why the entry was not applied
 */
function applyEntry(table, { target, fields }, isCreate, now) {
  const filter = target.filter;
  const index = filter ? table.indexOfUnique(filter) : table.indexOfRecordId(target.recordId);
  // The service assigns record ids: an id it does not hold cannot be created.
  if (index < 0 && !filter) return `record ${target.recordId} not found`;
  if (index < 0 && filter && !isCreate) return `no record matches the filter ${JSON.stringify({ [filter.field]: filter.value })}`;

  const created = index < 0;
  // A created record takes the filter's column and value, unless updated_fields sets that column.
  /** @type {RowValues} */
  const start = created && filter ? { [filter.field]: filter.value } : table.rows[index];
  const changes = created ? { ...start, ...fields } : fields;
  const row = table.fields ? typedRow(table, start, changes, created) : { ...start, ...changes };
  if (typeof row === 'string') return row;

  const conflict = uniqueConflict(table, row, created ? -1 : index);
  if (conflict !== null) return conflict;
  if (created) table.insert([row], now);
  else table.replace(index, row, now);
  return null;
}

/**
 * The record after the changes, its values typed by the schema, or why it cannot be stored.
 * @param {Table} table a typed table
 * @param {RowValues} current
 * @param {RowValues} changes
 * @param {boolean} created every required and unique column must then have a value
 * @returns {RowValues | string}
 */
function typedRow(table, current, changes, created) {
  /** @type {RowValues} */
  const row = created ? {} : { ...current };
  for (const field of table.fields ?? []) {
    if (!Object.hasOwn(changes, field.name)) {
      if (created && (field.required || field.unique)) return `\`${field.name}\` is required, but the record has no value.`;
      continue;
    }
    const value = changes[field.name];
    if (isEmptyValue(value)) {
      if (field.required || field.unique) return `\`${field.name}\` is required, but the value is empty.`;
      delete row[field.name]; // an empty value stores nothing, as in an import
      continue;
    }
    const normalised = normaliseValue(field.type, value);
    if (!normalised.ok) return `\`${field.name}\` must be of type ${field.type}, but the value '${String(value)}' is not.`;
    const length = codePointLength(String(value));
    if (field.unique && length > MAX_UNIQUE_CHARS) {
      return `\`${field.name}\` is unique and must not exceed ${MAX_UNIQUE_CHARS} characters, but the value has ${length}.`;
    }
    row[field.name] = normalised.value;
  }
  return row;
}

/**
 * A unique value the row would share with another record, reported like the database's duplicate-key error.
 * @param {Table} table
 * @param {RowValues} row
 * @param {number} ownIndex -1 for a record being created
 * @returns {string | null}
 */
function uniqueConflict(table, row, ownIndex) {
  for (const field of table.uniqueFields) {
    const value = row[field.name];
    if (value === null || value === undefined) continue;
    const holder = table.indexOfUnique({ field: field.name, value });
    if (holder >= 0 && holder !== ownIndex) {
      return `(1062, "Duplicate entry '${String(value)}' for key '${table.name}.${field.name}'")`;
    }
  }
  return null;
}

module.exports = { applyUpdate };

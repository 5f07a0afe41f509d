// @ts-check
'use strict';

const { CODES, ApiError } = require('../errors');
const { csvCellText } = require('../csv');
const { FIELD_TYPES } = require('./fieldTypes');

/** @typedef {import('../types').TableConfig} TableConfig */
/** @typedef {import('../types').FieldDef} FieldDef */
/** @typedef {import('../types').RowValues} RowValues */

// Record ids look like the service's (large numeric strings); derived from the row index so
// nothing but the row itself and one timestamp is kept per row.
const RECORD_ID_BASE = 541278230707963208n;

/** One data table: its schema, its stored rows (plain objects) and an index of stored unique values. */
class Table {
  /** @param {TableConfig} config */
  constructor(config) {
    if (!config || typeof config.id !== 'string' || config.id === '') throw new TypeError('table config needs a non-empty string id');
    this.id = config.id;
    this.name = config.name ?? config.id;
    this.description = config.description ?? '';
    /** @type {Required<FieldDef>[] | null} null = schemaless */
    this.fields = config.fields ? config.fields.map((field) => normaliseFieldDef(field, config.id)) : null;
    /** @type {Set<string> | null} null = every valid key may use the table */
    this.keys = config.keys ? new Set(config.keys) : null;
    /** @type {RowValues[]} */
    this.initialRows = (config.rows ?? []).map((row) => ({ ...row }));
    /** @type {RowValues[]} */
    this.rows = [];
    /** @type {number[]} epoch ms per row, parallel to `rows` */
    this.insertedAt = [];
    /** @type {Map<string, Set<string>>} unique field -> stored values as text */
    this.uniqueIndex = new Map();
    this.resetRows();
  }

  get uniqueFields() {
    return this.fields ? this.fields.filter((field) => field.unique) : [];
  }

  resetRows() {
    this.rows = [];
    this.insertedAt = [];
    this.uniqueIndex = new Map(this.uniqueFields.map((field) => [field.name, new Set()]));
    this.insert(this.initialRows.map((row) => ({ ...row })), Date.now());
  }

  /**
   * @param {string} fieldName
   * @param {unknown} value compared as text, like the service's unique key
   */
  hasStoredUnique(fieldName, value) {
    const stored = this.uniqueIndex.get(fieldName);
    return stored ? stored.has(String(value)) : false;
  }

  /**
   * @param {RowValues[]} rows already validated and normalised
   * @param {number} now
   */
  insert(rows, now) {
    for (const row of rows) {
      this.rows.push(row);
      this.insertedAt.push(now);
      for (const [fieldName, stored] of this.uniqueIndex) {
        if (Object.hasOwn(row, fieldName) && row[fieldName] !== null) stored.add(String(row[fieldName]));
      }
    }
  }

  /** The `table_info` object of records/page. */
  info() {
    // A schemaless table (a test fixture) declares no fields, so clients have nothing to check against.
    const fields = (this.fields ?? []).map(({ name, description, type, required, unique }) => ({ name, description, type, required, unique }));
    return { id: this.id, name: this.name, description: this.description, field_count: fields.length, fields };
  }

  /**
   * @param {number} page 1-based
   * @param {number} pageSize
   * @param {string} [keyword] case-insensitive substring of any value
   */
  page(page, pageSize, keyword) {
    const needle = keyword ? keyword.toLowerCase() : '';
    // Without a keyword a page is a slice of the rows: no pass over a table of a million of them
    // (clients read page 1 of size 1 for the table's schema before every import).
    const matching = needle ? this.rows.flatMap((row, index) => (rowContains(row, needle) ? [index] : [])) : undefined;
    const count = matching ? matching.length : this.rows.length;
    const first = (page - 1) * pageSize;
    const positions = Array.from({ length: Math.max(0, Math.min(count, first + pageSize) - first) }, (_, offset) => first + offset);
    const records = positions.map((position) => (matching ? matching[position] : position)).map((index) => ({
      id: String(RECORD_ID_BASE + BigInt(index)),
      value: this.rows[index],
      created_at: this.insertedAt[index],
      updated_at: this.insertedAt[index],
    }));
    return { records, total_count: count };
  }
}

/**
 * @param {RowValues} row
 * @param {string} needle lower case
 */
function rowContains(row, needle) {
  return Object.values(row).some((value) => csvCellText(value).toLowerCase().includes(needle));
}

/**
 * @param {FieldDef} field
 * @param {string} tableId
 * @returns {Required<FieldDef>}
 */
function normaliseFieldDef(field, tableId) {
  if (!field || typeof field.name !== 'string' || field.name === '') throw new TypeError(`table ${tableId}: every field needs a name`);
  const type = field.type ?? 'TEXT';
  if (!FIELD_TYPES.includes(type)) throw new TypeError(`table ${tableId}: field ${field.name} has unknown type ${type}`);
  return { name: field.name, type, required: Boolean(field.required), unique: Boolean(field.unique), description: field.description ?? '' };
}

/** All tables by id. */
class TableStore {
  constructor() {
    /** @type {Map<string, Table>} */
    this.tables = new Map();
  }

  /** Adds tables or replaces those with the same id (a replaced table starts from its initial rows). @param {TableConfig[]} configs */
  define(configs) {
    for (const config of configs) {
      const table = new Table(config);
      this.tables.set(table.id, table);
    }
  }

  /** @param {string} id */
  get(id) {
    return this.tables.get(id);
  }

  /** @param {string} id */
  require(id) {
    const table = this.tables.get(id);
    if (!table) throw new Error(`emulator: no table ${id}`);
    return table;
  }

  /**
   * The table as an API caller may use it: 403106 when unknown, 403131 when the key is not allowed.
   * @param {string} id
   * @param {string|null} apiKey
   */
  resolveForKey(id, apiKey) {
    const table = this.tables.get(id);
    if (!table) throw new ApiError(CODES.TABLE_NOT_FOUND, 'table not found');
    if (table.keys && (apiKey === null || !table.keys.has(apiKey))) throw new ApiError(CODES.NO_TABLE_ACCESS, 'no access to this table');
    return table;
  }

  resetAllRows() {
    for (const table of this.tables.values()) table.resetRows();
  }
}

module.exports = { Table, TableStore };

// @ts-check
'use strict';

const { csvCellText } = require('../csv');
const { FIELD_TYPES, normaliseValue } = require('./fieldTypes');

/** @typedef {import('../types').TableConfig} TableConfig */
/** @typedef {import('../types').FieldDef} FieldDef */
/** @typedef {import('../types').RowValues} RowValues */
/** @typedef {{ id: string, value: RowValues, created_at: number, updated_at: number }} StoredRecord */
/** @typedef {{ field: string, value: string|number|boolean }} UniqueFilter one unique column's value */

// Record ids look like the service's (18-digit numeric strings). Every stored row takes the next
// number of one process-wide sequence, so ids never repeat across tables or after a delete, and
// a table's rows, kept in insertion order, are sorted by id (found by binary search).
const RECORD_ID_BASE = 541278230707963208n;
const RECORD_ID_TEXT = /^\d{18}$/;
let nextSequence = 0;

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
    /** @type {number[]} sequence number per row (its record id), parallel to `rows`, ascending */
    this.sequences = [];
    /** @type {number[]} epoch ms per row, parallel to `rows` */
    this.createdAt = [];
    /** @type {number[]} epoch ms per row, parallel to `rows` */
    this.updatedAt = [];
    /** @type {Map<string, Map<string, number>>} unique field -> stored value as text -> sequence of its row */
    this.uniqueIndex = new Map();
    this.resetRows();
  }

  get uniqueFields() {
    return this.fields ? this.fields.filter((field) => field.unique) : [];
  }

  /** @param {string} name */
  field(name) {
    return this.fields ? this.fields.find((field) => field.name === name) : undefined;
  }

  resetRows() {
    this.rows = [];
    this.sequences = [];
    this.createdAt = [];
    this.updatedAt = [];
    this.uniqueIndex = new Map(this.uniqueFields.map((field) => [field.name, new Map()]));
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
      const sequence = nextSequence++;
      this.rows.push(row);
      this.sequences.push(sequence);
      this.createdAt.push(now);
      this.updatedAt.push(now);
      this.indexUniqueValues(row, sequence);
    }
  }

  /**
   * Puts `row` in place of the row at `index` (a new object: rows handed out before stay as they were).
   * @param {number} index
   * @param {RowValues} row already validated and normalised
   * @param {number} now
   */
  replace(index, row, now) {
    const sequence = this.sequences[index];
    this.unindexUniqueValues(this.rows[index], sequence);
    this.rows[index] = row;
    this.updatedAt[index] = now;
    this.indexUniqueValues(row, sequence);
  }

  /** Removes the rows at these positions in one pass. @param {Set<number>} indexes */
  remove(indexes) {
    if (indexes.size === 0) return;
    let kept = 0;
    for (let index = 0; index < this.rows.length; index++) {
      if (indexes.has(index)) {
        this.unindexUniqueValues(this.rows[index], this.sequences[index]);
        continue;
      }
      this.rows[kept] = this.rows[index];
      this.sequences[kept] = this.sequences[index];
      this.createdAt[kept] = this.createdAt[index];
      this.updatedAt[kept] = this.updatedAt[index];
      kept++;
    }
    for (const list of [this.rows, this.sequences, this.createdAt, this.updatedAt]) list.length = kept;
  }

  /** Position of the row with this record id, or -1. @param {string} recordId */
  indexOfRecordId(recordId) {
    if (!RECORD_ID_TEXT.test(recordId)) return -1;
    const offset = BigInt(recordId) - RECORD_ID_BASE;
    if (offset < 0n || offset >= BigInt(nextSequence)) return -1;
    return this.indexOfSequence(Number(offset));
  }

  /** Position of the row holding this unique value, or -1. @param {UniqueFilter} filter */
  indexOfUnique({ field, value }) {
    const column = this.field(field);
    // Compared as the value the column would store: an INT column's 7 is found by "7" and "07".
    const normalised = column && value !== '' ? normaliseValue(column.type, value) : undefined;
    const text = String(normalised && normalised.ok ? normalised.value : value);
    const sequence = this.uniqueIndex.get(field)?.get(text);
    return sequence === undefined ? -1 : this.indexOfSequence(sequence);
  }

  /** @param {number} sequence */
  indexOfSequence(sequence) {
    let low = 0;
    let high = this.sequences.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = this.sequences[middle];
      if (found === sequence) return middle;
      if (found < sequence) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** @param {number} index @returns {StoredRecord} */
  record(index) {
    return {
      id: String(RECORD_ID_BASE + BigInt(this.sequences[index])),
      value: this.rows[index],
      created_at: this.createdAt[index],
      updated_at: this.updatedAt[index],
    };
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
   * @param {{ keyword?: string, filter?: UniqueFilter }} [search] keyword: case-insensitive substring of any value
   */
  page(page, pageSize, { keyword, filter } = {}) {
    const needle = keyword ? keyword.toLowerCase() : '';
    /** @type {number[] | undefined} undefined = every row */
    let matching;
    if (filter) {
      const index = this.indexOfUnique(filter);
      matching = index < 0 ? [] : [index];
    }
    if (needle) {
      // Without a keyword a page is a slice of the rows: no pass over a table of a million of them
      // (clients read page 1 of size 1 for the table's schema before every import).
      const candidates = matching ?? this.rows.map((_, index) => index);
      matching = candidates.filter((index) => rowContains(this.rows[index], needle));
    }
    const count = matching ? matching.length : this.rows.length;
    const first = (page - 1) * pageSize;
    const positions = Array.from({ length: Math.max(0, Math.min(count, first + pageSize) - first) }, (_, offset) => first + offset);
    const records = positions.map((position) => this.record(matching ? matching[position] : position));
    return { records, total_count: count };
  }

  /** @param {RowValues} row @param {number} sequence */
  indexUniqueValues(row, sequence) {
    for (const [fieldName, stored] of this.uniqueIndex) {
      if (Object.hasOwn(row, fieldName) && row[fieldName] !== null) stored.set(String(row[fieldName]), sequence);
    }
  }

  /** @param {RowValues} row @param {number} sequence */
  unindexUniqueValues(row, sequence) {
    for (const [fieldName, stored] of this.uniqueIndex) {
      if (!Object.hasOwn(row, fieldName)) continue;
      const text = String(row[fieldName]);
      if (stored.get(text) === sequence) stored.delete(text);
    }
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

module.exports = { Table, RECORD_ID_BASE };

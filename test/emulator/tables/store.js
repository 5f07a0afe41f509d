// @ts-check
'use strict';

// The tables by id, and which of them an API key may use.

const { CODES, ApiError } = require('../errors');
const { Table } = require('./table');

/** @typedef {import('../types').TableConfig} TableConfig */

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

  /** Tables the key may use, in definition order. @param {string|null} apiKey */
  usableBy(apiKey) {
    return [...this.tables.values()].filter((table) => !table.keys || (apiKey !== null && table.keys.has(apiKey)));
  }

  resetAllRows() {
    for (const table of this.tables.values()) table.resetRows();
  }
}

module.exports = { Table, TableStore };

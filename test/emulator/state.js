// @ts-check
'use strict';

// Everything the emulator holds: settings, tables, tasks, fault plan and request log.

const { TableStore } = require('./tables/store');
const { TaskRegistry } = require('./tasks');
const { FaultPlan } = require('./faults');
const { RequestLog } = require('./requestLog');
const { withDefaults, validateOptions } = require('./options');
const { Wording } = require('./wording');
const { shapesOf } = require('./replyShapes');

/** @typedef {import('./types').EmulatorOptions} EmulatorOptions */

class EmulatorState {
  /** @param {Partial<EmulatorOptions>} [options] */
  constructor(options) {
    /** @type {EmulatorOptions} */
    this.options = withDefaults(options);
    this.store = new TableStore();
    this.store.define(this.options.tables);
    this.tasks = new TaskRegistry(this.store);
    this.faults = new FaultPlan(this.options.faults);
    this.log = new RequestLog();
    this.wording = new Wording(this.options.randomMessages);
  }

  /** The reply shapes in force (preset and overrides). */
  get shapes() {
    return shapesOf(this.options);
  }

  /**
   * Changes settings at run time; `tables` adds or replaces tables, `faults` replaces the plan
   * (and restarts its request counts). port and host cannot change on a running server.
   * @param {Partial<EmulatorOptions>} partial
   */
  configure(partial) {
    validateOptions(partial);
    const { tables, faults, port: _port, host: _host, ...settings } = partial;
    const nextFaults = faults ? new FaultPlan(faults) : null; // validate before changing anything
    if (tables) {
      this.store.define(tables);
      const replaced = new Set(tables.map((table) => table.id));
      this.options.tables = [...this.options.tables.filter((table) => !replaced.has(table.id)), ...tables];
    }
    if (nextFaults) {
      this.faults = nextFaults;
      this.options.faults = /** @type {EmulatorOptions['faults']} */ (faults);
    }
    for (const [name, value] of Object.entries(settings)) {
      if (value !== undefined) /** @type {Record<string, unknown>} */ (this.options)[name] = value;
    }
    if (settings.randomMessages !== undefined) this.wording = new Wording(this.options.randomMessages);
  }

  /**
   * Clears log and tasks, restarts fault counts and the random wording, and (unless keepTables)
   * puts every table back to its initial rows.
   * @param {{ keepTables?: boolean }} [options]
   */
  reset({ keepTables = false } = {}) {
    this.log.clear();
    this.tasks.clear();
    this.faults = new FaultPlan(this.options.faults);
    this.wording = new Wording(this.options.randomMessages);
    if (!keepTables) this.store.resetAllRows();
  }

  /** Stored rows of a table, completing due tasks first. @param {string} tableId */
  rows(tableId) {
    this.tasks.completeDue();
    return this.store.require(tableId).rows.slice();
  }
}

module.exports = { EmulatorState };

// @ts-check
'use strict';

// Import tasks: created by a successful POST, PENDING_PARSE for taskDelayMs, then completed exactly once
// (rows applied) either by their timer or lazily by whoever looks first, whichever comes first.

const crypto = require('node:crypto');
const { applyImport } = require('./tables/applyImport');

/** @typedef {import('./tables/store').TableStore} TableStore */
/** @typedef {import('./types').RowValues} RowValues */
/** @typedef {import('./types').TaskView} TaskView */
/** @typedef {import('./tables/applyImport').ImportOutcome} ImportOutcome */

/**
 * @typedef {{ id: string, tableId: string, apiKey: string|null, createdAt: number, dueAt: number,
 *   rows: RowValues[] | null, totalCount: number, outcome: ImportOutcome | null, completedAt: number | null,
 *   timer: NodeJS.Timeout | null }} Task
 */

let objectIdCounter = crypto.randomInt(0xffffff);
const processBytes = crypto.randomBytes(5).toString('hex');

/** 24 hex chars like a Mongo ObjectId: seconds, 5 process bytes, 3-byte counter. */
function newTaskId() {
  objectIdCounter = (objectIdCounter + 1) % 0x1000000;
  const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return seconds + processBytes + objectIdCounter.toString(16).padStart(6, '0');
}

class TaskRegistry {
  /** @param {TableStore} store */
  constructor(store) {
    this.store = store;
    /** @type {Map<string, Task>} in creation order */
    this.tasks = new Map();
  }

  /**
   * @param {string} tableId
   * @param {RowValues[]} rows
   * @param {{ delayMs: number, apiKey: string|null }} options
   * @returns {Task}
   */
  create(tableId, rows, { delayMs, apiKey }) {
    const now = Date.now();
    /** @type {Task} */
    const task = {
      id: newTaskId(), tableId, apiKey, createdAt: now, dueAt: now + Math.max(0, delayMs),
      rows, totalCount: rows.length, outcome: null, completedAt: null, timer: null,
    };
    this.tasks.set(task.id, task);
    if (delayMs <= 0) {
      this.completeDue(task.dueAt);
    } else {
      // unref: a pending task must not keep a test process alive.
      task.timer = setTimeout(() => this.completeDue(task.dueAt), delayMs).unref();
    }
    return task;
  }

  /** Completes, in creation order, every pending task due by `now`. @param {number} [now] */
  completeDue(now = Date.now()) {
    for (const task of this.tasks.values()) {
      if (!task.outcome && task.dueAt <= now) this.complete(task);
    }
  }

  /** @param {Task} task */
  complete(task) {
    if (task.outcome || !task.rows) return;
    if (task.timer) clearTimeout(task.timer);
    const table = this.store.get(task.tableId);
    const now = Date.now();
    task.outcome = table
      ? applyImport(table, task.rows, now)
      : { status: 'FAIL', total_count: task.totalCount, success_count: 0, fail_count: task.totalCount,
        fail_detail: [{ row: null, row_number_start: 1, row_number_end: task.totalCount, fail_reason: 'table not found' }] };
    task.completedAt = now;
    task.rows = null; // the batch is no longer needed: keep memory lean for long benchmarks
    task.timer = null;
  }

  /**
   * The import-results object of a task.
   * @param {Task} task
   * @param {number} now
   * @returns {TaskView}
   */
  view(task, now) {
    if (task.outcome) return { id: task.id, progress: 100, ...task.outcome };
    const span = Math.max(1, task.dueAt - task.createdAt);
    const progress = Math.min(99, Math.max(1, Math.floor(((now - task.createdAt) / span) * 100)));
    return { id: task.id, progress, status: 'PENDING_PARSE', total_count: task.totalCount, success_count: 0, fail_count: 0, fail_detail: [] };
  }

  /** Views of the known ids, in the order asked; unknown ids are left out. @param {string[]} ids */
  views(ids) {
    const now = Date.now();
    this.completeDue(now);
    /** @type {TaskView[]} */
    const found = [];
    for (const id of ids) {
      const task = this.tasks.get(id);
      if (task) found.push(this.view(task, now));
    }
    return found;
  }

  /** Every task with its table and times, for inspection. */
  list() {
    const now = Date.now();
    this.completeDue(now);
    return [...this.tasks.values()].map((task) => ({
      ...this.view(task, now), tableId: task.tableId, apiKey: task.apiKey, createdAt: task.createdAt, completedAt: task.completedAt,
    }));
  }

  clear() {
    for (const task of this.tasks.values()) if (task.timer) clearTimeout(task.timer);
    this.tasks.clear();
  }
}

module.exports = { TaskRegistry, newTaskId };

// @ts-check
'use strict';

// One entry of figures per API request. Bodies are never kept: million-record benchmarks run against it.

/** @typedef {import('./types').LogEntry} LogEntry */

class RequestLog {
  constructor() {
    /** @type {LogEntry[]} */
    this.entries = [];
    this.seq = 0;
  }

  /**
   * Adds the entry at arrival, so requests still in flight show up too.
   * @param {string} method
   * @param {string} path
   * @param {string|null} apiKey
   * @returns {LogEntry}
   */
  start(method, path, apiKey) {
    /** @type {LogEntry} */
    const entry = {
      seq: ++this.seq, method, path, apiKey, tableId: null, recordCount: null, csvBytes: null, bodyBytes: 0,
      status: null, code: null, message: null, taskId: null, taskIds: null, fault: null,
      startedAt: Date.now(), durationMs: null,
    };
    this.entries.push(entry);
    return entry;
  }

  /**
   * @param {LogEntry} entry
   * @param {{ status: number|null, code: number|null, message: string|null }} reply
   */
  finish(entry, { status, code, message }) {
    entry.status = status;
    entry.code = code;
    entry.message = message;
    entry.durationMs = Date.now() - entry.startedAt;
  }

  /** Copies, so callers cannot change the log. */
  list() {
    return this.entries.map((entry) => ({ ...entry, taskIds: entry.taskIds ? [...entry.taskIds] : null }));
  }

  clear() {
    this.entries = [];
    this.seq = 0;
  }
}

module.exports = { RequestLog };

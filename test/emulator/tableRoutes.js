// @ts-check
'use strict';

// Reading, updating (or inserting) and deleting a table's records.

const { parameterError } = require('./errors');
const { jsonReply } = require('./http');
const { parseJsonBody, requestedTable, entryList, readFilter, readTarget, checkScalarValues, asUtf8Text, checkKnownColumns, isPlainObject } = require('./requestBody');
const { countValue, successReply } = require('./replyShapes');
const { applyUpdate } = require('./tables/applyUpdate');

/** @typedef {import('./api').RouteHandler} RouteHandler */
/** @typedef {import('./tables/table').Table} Table */
/** @typedef {import('./tables/applyUpdate').UpdateEntry} UpdateEntry */
/** @typedef {import('./types').RowValues} RowValues */

const MAX_PAGE_SIZE = 100;
const MAX_UPDATE_ENTRIES = 100;
const MAX_UPDATE_BODY_BYTES = 5 * 1024 * 1024;
const MAX_DELETE_ENTRIES = 1000;

/** @type {RouteHandler} */
function recordsPage(state, { body, contentType, entry }) {
  const { request, table } = requestedTable(parseJsonBody(body, contentType), 'table_id, page and page_size', state.store, entry);
  const { page, page_size: pageSize, keyword, filter } = request;
  if (!Number.isInteger(page) || /** @type {number} */ (page) < 1) throw parameterError('page must be an integer of at least 1');
  if (!Number.isInteger(pageSize) || /** @type {number} */ (pageSize) < 1 || /** @type {number} */ (pageSize) > MAX_PAGE_SIZE) {
    throw parameterError(`page_size must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  if (keyword !== undefined && keyword !== null && typeof keyword !== 'string') throw parameterError('keyword must be a string');
  const uniqueFilter = filter === undefined || filter === null ? undefined : readFilter(table, filter, 'filter');
  state.tasks.completeDue();
  const found = table.page(/** @type {number} */ (page), /** @type {number} */ (pageSize), { keyword: keyword ?? undefined, filter: uniqueFilter });
  entry.recordCount = found.records.length;
  const shapes = state.shapes;
  return successReply(shapes, 'recordsPage', { table_info: table.info(), records: found.records, total_count: countValue(shapes, found.total_count) });
}

/** @type {RouteHandler} */
function updateRecords(state, { body, contentType, entry }) {
  const limit = { maxBytes: MAX_UPDATE_BODY_BYTES, limitName: '5 MB' };
  const { request, table } = requestedTable(parseJsonBody(body, contentType, limit), 'table_id, is_create and update_data', state.store, entry);
  const isCreate = request.is_create ?? false;
  if (typeof isCreate !== 'boolean') throw parameterError('is_create must be true or false');
  const entries = entryList(request, 'update_data', MAX_UPDATE_ENTRIES, entry).map((item, index) => readUpdateEntry(table, item, `update_data[${index}]`));
  state.tasks.completeDue();
  const { successCount, failures } = applyUpdate(table, entries, isCreate, Date.now());
  const shapes = state.shapes;
  return successReply(shapes, 'updateRecord', {
    [shapes.totalCountKey]: countValue(shapes, entries.length),
    success_count: countValue(shapes, successCount),
    fail_count: countValue(shapes, failures.length),
    fail_detail: state.wording.rewordFailReasons(failures),
  });
}

/**
 * @param {Table} table
 * @param {unknown} item
 * @param {string} where
 * @returns {UpdateEntry}
 */
function readUpdateEntry(table, item, where) {
  if (!isPlainObject(item)) throw parameterError(`${where} must be a JSON object with record_id or filter, and updated_fields`);
  const target = readTarget(table, item, where);
  const fields = item.updated_fields;
  if (!isPlainObject(fields)) throw parameterError(`${where}.updated_fields must be a JSON object of column values`);
  const row = /** @type {RowValues} */ ({ ...fields });
  checkScalarValues(row, `${where}.updated_fields`);
  asUtf8Text(row);
  checkKnownColumns(table, Object.keys(row), `${where}.updated_fields`);
  const echo = target.recordId !== undefined ? { record_id: target.recordId } : { filter: item.filter };
  return { target, fields: row, echo };
}

/** @type {RouteHandler} */
function deleteRecords(state, { body, contentType, entry }) {
  const { request, table } = requestedTable(parseJsonBody(body, contentType), 'table_id and delete_data', state.store, entry);
  const targets = entryList(request, 'delete_data', MAX_DELETE_ENTRIES, entry).map((item, index) => {
    const where = `delete_data[${index}]`;
    if (!isPlainObject(item)) throw parameterError(`${where} must be a JSON object with record_id or filter`);
    return readTarget(table, item, where);
  });
  state.tasks.completeDue();
  /** @type {Set<number>} */
  const doomed = new Set();
  for (const target of targets) {
    // An entry that matches no record deletes nothing and is not reported (the reply has no counts).
    const index = target.recordId !== undefined ? table.indexOfRecordId(target.recordId) : table.indexOfUnique(target.filter);
    if (index >= 0) doomed.add(index);
  }
  table.remove(doomed);
  return jsonReply(200, { code: 0, message: state.shapes.successMessage });
}

module.exports = { recordsPage, updateRecords, deleteRecords, MAX_PAGE_SIZE, MAX_UPDATE_ENTRIES, MAX_UPDATE_BODY_BYTES, MAX_DELETE_ENTRIES };

// @ts-check
'use strict';

// What an import task does to the table when it completes (the documented task rules):
// - a unique value already stored -> the whole task fails, nothing is stored;
// - a row breaking a format rule (required empty, wrong type, unique value too long) -> that row is dropped;
// - a unique value repeated inside the import -> the first (valid) row keeps it, later rows are dropped;
// - fail_detail holds only the first failure of each chunk of 10 rows, as the service reports.

const { isEmptyValue, normaliseValue, codePointLength } = require('./fieldTypes');

/** @typedef {import('./store').Table} Table */
/** @typedef {import('../types').RowValues} RowValues */
/** @typedef {import('../types').FailDetail} FailDetail */
/** @typedef {import('../types').TaskStatus} TaskStatus */
/** @typedef {{ status: TaskStatus, total_count: number, success_count: number, fail_count: number, fail_detail: FailDetail[] }} ImportOutcome */
/** @typedef {{ index: number, detail: FailDetail }} RowFailure */

const CHUNK_ROWS = 10;
const MAX_UNIQUE_CHARS = 256;

/**
 * Applies the rows to the table (or not) and reports the outcome.
 * @param {Table} table
 * @param {RowValues[]} rows unwrapped value objects, in request order
 * @param {number} now
 * @returns {ImportOutcome}
 */
function applyImport(table, rows, now) {
  const total = rows.length;
  if (!table.fields) {
    // Schemaless: no rules, values stored as received.
    table.insert(rows, now);
    return outcome(total, total, []);
  }
  const conflicts = findStoredConflicts(table, rows);
  if (conflicts.length > 0) return outcome(total, 0, firstPerChunk(conflicts));

  /** @type {RowFailure[]} */
  const failures = [];
  /** @type {RowValues[]} */
  const kept = [];
  /** @type {Map<string, Map<string, number>>} unique field -> value text -> first row number */
  const firstRowByValue = new Map(table.uniqueFields.map((field) => [field.name, new Map()]));
  rows.forEach((row, index) => {
    const rowNumber = index + 1;
    const checked = normaliseRow(table, row, rowNumber);
    if (typeof checked === 'string') {
      failures.push(rowFailure(index, checked));
      return;
    }
    const duplicate = findRepeat(firstRowByValue, row, rowNumber);
    if (duplicate) {
      failures.push(rowFailure(index, duplicate));
      return;
    }
    for (const [fieldName, firstRows] of firstRowByValue) firstRows.set(String(row[fieldName]), rowNumber);
    kept.push(checked);
  });
  table.insert(kept, now);
  return outcome(total, kept.length, firstPerChunk(failures));
}

/**
 * Rows whose unique value is already stored; reported like the database's duplicate-key error.
 * @param {Table} table
 * @param {RowValues[]} rows
 * @returns {RowFailure[]}
 */
function findStoredConflicts(table, rows) {
  /** @type {RowFailure[]} */
  const conflicts = [];
  rows.forEach((row, index) => {
    for (const field of table.uniqueFields) {
      const value = row[field.name];
      if (!Object.hasOwn(row, field.name) || isEmptyValue(value) || !table.hasStoredUnique(field.name, value)) continue;
      const start = Math.floor(index / CHUNK_ROWS) * CHUNK_ROWS;
      conflicts.push({
        index,
        detail: {
          row: null,
          row_number_start: start + 1,
          row_number_end: Math.min(start + CHUNK_ROWS, rows.length),
          fail_reason: `(1062, "Duplicate entry '${String(value)}' for key '${table.name}.${field.name}'")`,
        },
      });
      break;
    }
  });
  return conflicts;
}

/**
 * The row as stored (values normalised to the field types), or the reason it is dropped.
 * @param {Table} table
 * @param {RowValues} row
 * @param {number} rowNumber 1-based
 * @returns {RowValues | string}
 */
function normaliseRow(table, row, rowNumber) {
  /** @type {RowValues} */
  const stored = {};
  for (const field of table.fields ?? []) {
    const value = Object.hasOwn(row, field.name) ? row[field.name] : undefined;
    if (isEmptyValue(value)) {
      if (field.required || field.unique) return `\`${field.name}\` is required, but row \`${rowNumber}\` has no value.`;
      continue; // an empty CSV field: nothing stored for this column
    }
    const normalised = normaliseValue(field.type, /** @type {import('../types').CellValue} */ (value));
    if (!normalised.ok) {
      return `\`${field.name}\` must be of type ${field.type}, but the value '${String(value)}' at row \`${rowNumber}\` is not.`;
    }
    if (field.unique && codePointLength(String(value)) > MAX_UNIQUE_CHARS) {
      return `\`${field.name}\` is unique and must not exceed ${MAX_UNIQUE_CHARS} characters, but row \`${rowNumber}\` has ${codePointLength(String(value))}.`;
    }
    stored[field.name] = normalised.value;
  }
  return stored;
}

/**
 * @param {Map<string, Map<string, number>>} firstRowByValue
 * @param {RowValues} row
 * @param {number} rowNumber
 * @returns {string | null}
 */
function findRepeat(firstRowByValue, row, rowNumber) {
  for (const [fieldName, firstRows] of firstRowByValue) {
    const text = String(row[fieldName]);
    const firstRow = firstRows.get(text);
    if (firstRow !== undefined && firstRow !== rowNumber) {
      return `\`${fieldName}\` must be unique, but the value '${text}' is duplicated (first at row \`${firstRow}\`).`;
    }
  }
  return null;
}

/**
 * @param {number} index
 * @param {string} reason
 * @returns {RowFailure}
 */
function rowFailure(index, reason) {
  return { index, detail: { row: index + 1, row_number_start: 0, row_number_end: 0, fail_reason: reason } };
}

/** @param {RowFailure[]} failures in row order */
function firstPerChunk(failures) {
  const reportedChunks = new Set();
  const details = [];
  for (const failure of failures) {
    const chunk = Math.floor(failure.index / CHUNK_ROWS);
    if (reportedChunks.has(chunk)) continue;
    reportedChunks.add(chunk);
    details.push(failure.detail);
  }
  return details;
}

/**
 * @param {number} total
 * @param {number} succeeded
 * @param {FailDetail[]} failDetail
 * @returns {ImportOutcome}
 */
function outcome(total, succeeded, failDetail) {
  return {
    status: succeeded > 0 ? 'AVAILABLE' : 'FAIL',
    total_count: total,
    success_count: succeeded,
    fail_count: total - succeeded,
    fail_detail: failDetail,
  };
}

module.exports = { applyImport, CHUNK_ROWS, MAX_UNIQUE_CHARS };

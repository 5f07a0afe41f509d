// @ts-check
'use strict';

// The AltaTech API endpoints: authentication, then one handler per route. Handlers return a Reply;
// ApiErrors become `{code, message}` envelopes with the status the configured error style gives.

const { CODES, REFUSAL_MESSAGES, ApiError, parameterError } = require('./errors');
const { jsonReply, envelopeReply } = require('./http');
const { validateImportRequest, isPlainObject } = require('./importRequest');

/** @typedef {import('./http').Reply} Reply */
/** @typedef {import('./types').LogEntry} LogEntry */
/** @typedef {import('./state').EmulatorState} EmulatorState */
/** @typedef {{ url: URL, body: Buffer | null, contentType?: string, entry: LogEntry }} RequestContext */
/** @typedef {(state: EmulatorState, request: RequestContext) => Reply} RouteHandler */

const MAX_PAGE_SIZE = 100;

/**
 * The Bearer token as received, or null.
 * @param {import('node:http').IncomingHttpHeaders} headers
 */
function bearerToken(headers) {
  const match = /^Bearer\s+(.*)$/i.exec(headers.authorization ?? '');
  return match ? match[1].trim() : null;
}

/**
 * The documented request headers include `Content-Type: application/json`.
 * @param {Buffer | null} body
 * @param {string | undefined} contentType
 */
function parseJsonBody(body, contentType) {
  if (!/^application\/json\s*(;|$)/i.test(contentType ?? '')) {
    throw parameterError(`Content-Type must be application/json, not ${contentType ? `"${contentType}"` : 'missing'}`);
  }
  if (body === null) throw parameterError('request body is too large');
  if (body.length === 0) throw parameterError('request body is empty; expected a JSON object');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw parameterError(`request body is not valid JSON: ${/** @type {Error} */ (error).message}`);
  }
}

/** @type {RouteHandler} */
function importRecords(state, { body, contentType, entry }) {
  const { table, rows } = validateImportRequest(parseJsonBody(body, contentType), {
    store: state.store, recordFormat: state.options.recordFormat, uniqueCheck: state.options.uniqueCheck,
  }, entry);
  const task = state.tasks.create(table.id, rows, { delayMs: state.options.taskDelayMs, apiKey: entry.apiKey });
  entry.taskId = task.id;
  return envelopeReply(CODES.OK, 'OK', state.options.errorStyle, [task.id]);
}

/** Bare JSON array, no envelope, as the vendor documents. @type {RouteHandler} */
function importResults(state, { url, entry }) {
  const ids = url.searchParams.getAll('ids');
  entry.taskIds = ids;
  return jsonReply(200, state.tasks.views(ids));
}

/** @type {RouteHandler} */
function recordsPage(state, { body, contentType, entry }) {
  const request = parseJsonBody(body, contentType);
  if (!isPlainObject(request)) throw parameterError('request body must be a JSON object with table_id, page and page_size');
  const { table_id: tableId, page, page_size: pageSize, keyword } = request;
  if (typeof tableId !== 'string' || tableId === '') throw parameterError('table_id must be a non-empty string');
  entry.tableId = tableId;
  const table = state.store.resolveForKey(tableId, entry.apiKey);
  if (!Number.isInteger(page) || /** @type {number} */ (page) < 1) throw parameterError('page must be an integer of at least 1');
  if (!Number.isInteger(pageSize) || /** @type {number} */ (pageSize) < 1 || /** @type {number} */ (pageSize) > MAX_PAGE_SIZE) {
    throw parameterError(`page_size must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  if (keyword !== undefined && keyword !== null && typeof keyword !== 'string') throw parameterError('keyword must be a string');
  state.tasks.completeDue();
  const { records, total_count } = table.page(/** @type {number} */ (page), /** @type {number} */ (pageSize), keyword ?? undefined);
  entry.recordCount = records.length;
  return envelopeReply(CODES.OK, 'OK', state.options.errorStyle, { table_info: table.info(), records, total_count });
}

/** @type {Record<string, RouteHandler>} */
const ROUTES = {
  'POST /v1/database/import/records': importRecords,
  'GET /v1/database/query/import-results': importResults,
  'POST /v1/database/records/page': recordsPage,
};

/**
 * @param {EmulatorState} state
 * @param {string} method
 * @param {RequestContext} request
 * @returns {Reply}
 */
function handleApiRequest(state, method, request) {
  const handler = ROUTES[`${method} ${request.url.pathname}`];
  if (!handler) return jsonReply(404, { code: CODES.PARAMETER_ERROR, message: `no such endpoint: ${method} ${request.url.pathname}` });
  try {
    const apiKey = request.entry.apiKey;
    const refusal = apiKey === null ? undefined : state.options.refusedKeys[apiKey];
    if (refusal !== undefined) throw new ApiError(refusal, REFUSAL_MESSAGES[refusal]);
    if (apiKey === null || !state.options.apiKeys.includes(apiKey)) throw new ApiError(CODES.AUTH_FAILED, 'developer authentication failed');
    return handler(state, request);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return envelopeReply(error.code, error.message, state.options.errorStyle);
  }
}

module.exports = { handleApiRequest, bearerToken, ROUTES };

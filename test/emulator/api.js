// @ts-check
'use strict';

// The AltaTech API endpoints: authentication, then one handler per route. Handlers return a Reply;
// ApiErrors become `{code, message}` envelopes with the status the configured error style gives.

const { CODES, REFUSAL_MESSAGES, ApiError } = require('./errors');
const { jsonReply, envelopeReply } = require('./http');
const { validateImportRequest } = require('./importRequest');
const { parseJsonBody } = require('./requestBody');
const { countValue, successReply } = require('./replyShapes');
const { recordsPage, updateRecords, deleteRecords } = require('./tableRoutes');
const { botDetail, tablesPage } = require('./agentRoutes');

/** @typedef {import('./http').Reply} Reply */
/** @typedef {import('./types').LogEntry} LogEntry */
/** @typedef {import('./state').EmulatorState} EmulatorState */
/** @typedef {{ url: URL, body: Buffer | null, contentType?: string, entry: LogEntry }} RequestContext */
/** @typedef {(state: EmulatorState, request: RequestContext) => Reply} RouteHandler */

/**
 * The Bearer token as received, or null.
 * @param {import('node:http').IncomingHttpHeaders} headers
 */
function bearerToken(headers) {
  const match = /^Bearer\s+(.*)$/i.exec(headers.authorization ?? '');
  return match ? match[1].trim() : null;
}

/** @type {RouteHandler} */
function importRecords(state, { body, contentType, entry }) {
  const { table, rows } = validateImportRequest(parseJsonBody(body, contentType), {
    store: state.store, recordFormat: state.options.recordFormat, uniqueCheck: state.options.uniqueCheck,
  }, entry);
  const task = state.tasks.create(table.id, rows, { delayMs: state.options.taskDelayMs, apiKey: entry.apiKey });
  entry.taskId = task.id;
  return envelopeReply(CODES.OK, state.shapes.successMessage, state.options.errorStyle, [task.id]);
}

/** A bare JSON array, as the AltaTech page shows (older pages wrap it). @type {RouteHandler} */
function importResults(state, { url, entry }) {
  const ids = url.searchParams.getAll('ids');
  entry.taskIds = ids;
  const shapes = state.shapes;
  const views = state.tasks.views(ids).map((view) => ({
    ...view,
    total_count: countValue(shapes, view.total_count),
    success_count: countValue(shapes, view.success_count),
    fail_count: countValue(shapes, view.fail_count),
    fail_detail: state.wording.rewordFailReasons(view.fail_detail),
  }));
  return successReply(shapes, 'importResults', views);
}

/** @type {Record<string, RouteHandler>} */
const ROUTES = {
  'POST /v1/database/import/records': importRecords,
  'GET /v1/database/query/import-results': importResults,
  'POST /v1/database/records/page': recordsPage,
  'POST /v2/database/update/record': updateRecords,
  'POST /v2/database/delete/record': deleteRecords,
  'GET /v1/bot/detail': botDetail,
  'POST /v1/database/tables/page': tablesPage,
};

/**
 * @param {EmulatorState} state
 * @param {string} method
 * @param {RequestContext} request
 * @returns {Reply}
 */
function handleApiRequest(state, method, request) {
  // A data centre without the endpoint answers like any unknown path.
  const unavailable = state.options.unavailablePaths.includes(request.url.pathname);
  const handler = unavailable ? undefined : ROUTES[`${method} ${request.url.pathname}`];
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

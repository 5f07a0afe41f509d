// @ts-check
'use strict';

// The agent behind the key and its tables (what a table picker lists).

const { CODES, ApiError, parameterError } = require('./errors');
const { parseJsonBody, isPlainObject } = require('./requestBody');
const { countValue, successReply } = require('./replyShapes');

/** @typedef {import('./api').RouteHandler} RouteHandler */

/** @type {RouteHandler} */
function botDetail(state) {
  return successReply(state.shapes, 'botDetail', { ...state.options.agent });
}

/** @type {RouteHandler} */
function tablesPage(state, { body, contentType, entry }) {
  const request = parseJsonBody(body, contentType);
  if (!isPlainObject(request)) throw parameterError('request body must be a JSON object with agent_id');
  const agentId = request.agent_id;
  if (typeof agentId !== 'string' || agentId === '') throw parameterError('agent_id must be a non-empty string');
  if (agentId !== state.options.agent.bot_id) throw new ApiError(CODES.NO_AGENT_ACCESS, 'no access to this agent');
  state.tasks.completeDue();
  const shapes = state.shapes;
  const tables = state.store.usableBy(entry.apiKey).map((table) => ({
    table_id: table.id,
    name: table.name,
    description: table.description,
    field_number: countValue(shapes, table.fields ? table.fields.length : 0),
    record_count: countValue(shapes, table.rows.length),
  }));
  entry.recordCount = tables.length;
  return successReply(shapes, 'tablesPage', { tables });
}

module.exports = { botDetail, tablesPage };

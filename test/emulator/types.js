// @ts-check
'use strict';

// Shared JSDoc types only; nothing runs here.

/**
 * @typedef {'TEXT'|'INT'|'FLOAT'|'BOOLEAN'|'DATETIME'} FieldType
 * @typedef {{ name: string, type: FieldType, required?: boolean, unique?: boolean, description?: string }} FieldDef
 * @typedef {string|number|boolean|null} CellValue
 * @typedef {Record<string, CellValue>} RowValues
 * @typedef {{ id: string, name?: string, description?: string, fields?: FieldDef[], keys?: string[], rows?: RowValues[] }} TableConfig
 *
 * @typedef {'code50000'|'http500'|'http429'|'code40008'|'reset'|'resetWhileSending'|'delayAfterImport'|'nonZeroCode200'|'malformedJson'|'slowDrip'|'echoAuthorization'|'gatewayTimeoutAfterImport'|'noTaskId'|'emptyReply'|'cutReply'} FaultKind
 * @typedef {{ kind: FaultKind, requests?: number[], every?: number, probability?: number, seed?: number,
 *   path?: string, times?: number, retryAfter?: number|string, rateLimitReset?: number, delayMs?: number, status?: number }} FaultRule
 *
 * @typedef {{ bot_id: string, name?: string, description?: string, [more: string]: unknown }} AgentConfig
 * @typedef {{ apiKeys: string[], tables: TableConfig[], recordFormat: 'values'|'flat'|'auto', errorStyle: 'http'|'body',
 *   refusedKeys: Record<string, number>, taskDelayMs: number, uniqueCheck: 'sync'|'async', faults: FaultRule[],
 *   agent: AgentConfig, shape: 'documented'|'alternate', replyShapes: Partial<import('./replyShapes').ReplyShapes>,
 *   randomMessages: number|null|false, unavailablePaths: string[], port: number, host: string }} EmulatorOptions
 *
 * @typedef {{ seq: number, method: string, path: string, apiKey: string|null, tableId: string|null,
 *   recordCount: number|null, csvBytes: number|null, bodyBytes: number, status: number|null, code: number|null,
 *   message: string|null, taskId: string|null, taskIds: string[]|null, fault: string|null,
 *   startedAt: number, durationMs: number|null }} LogEntry
 *
 * @typedef {{ row: number|null, row_number_start: number, row_number_end: number, fail_reason: string }} FailDetail
 * @typedef {'PENDING_PARSE'|'AVAILABLE'|'FAIL'} TaskStatus
 * @typedef {{ id: string, progress: number, status: TaskStatus, total_count: number, success_count: number,
 *   fail_count: number, fail_detail: FailDetail[] }} TaskView
 */

module.exports = {};

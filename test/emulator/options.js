// @ts-check
'use strict';

/** @typedef {import('./types').EmulatorOptions} EmulatorOptions */

const { REFUSAL_MESSAGES } = require('./errors');
const { validateShapes } = require('./replyShapes');

/** The agent behind every key (GET /v1/bot/detail); its tables are those a key may use. */
const DEFAULT_AGENT = Object.freeze({ bot_id: '6710f3c2a81b4c0012e4d5a7', name: 'Emulated agent', description: 'agent of the AltaTech API emulator' });

/** @type {EmulatorOptions} */
const DEFAULT_OPTIONS = Object.freeze({
  apiKeys: [],
  refusedKeys: {},
  tables: [],
  recordFormat: 'auto',
  errorStyle: 'http',
  taskDelayMs: 0,
  uniqueCheck: 'sync',
  faults: [],
  agent: DEFAULT_AGENT,
  shape: 'documented',
  replyShapes: {},
  randomMessages: null,
  unavailablePaths: [],
  port: 0,
  host: '127.0.0.1',
});

const CHOICES = Object.freeze({
  recordFormat: ['values', 'flat', 'auto'],
  errorStyle: ['http', 'body'],
  uniqueCheck: ['sync', 'async'],
});

/**
 * Throws a TypeError for a setting the emulator cannot honour, so a typo fails the test run loudly.
 * @param {Partial<EmulatorOptions>} options
 */
function validateOptions(options) {
  for (const [name, allowed] of Object.entries(CHOICES)) {
    const value = /** @type {Record<string, unknown>} */ (options)[name];
    if (value !== undefined && !allowed.includes(/** @type {string} */ (value))) {
      throw new TypeError(`emulator option ${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
    }
  }
  if (options.apiKeys !== undefined && !(Array.isArray(options.apiKeys) && options.apiKeys.every((key) => typeof key === 'string'))) {
    throw new TypeError('emulator option apiKeys must be a list of strings');
  }
  if (options.refusedKeys !== undefined && !Object.values(options.refusedKeys ?? {}).every((code) => REFUSAL_MESSAGES[code] !== undefined)) {
    throw new TypeError(`emulator option refusedKeys maps keys to one of ${Object.keys(REFUSAL_MESSAGES).join(', ')}`);
  }
  if (options.taskDelayMs !== undefined && !(Number.isFinite(options.taskDelayMs) && options.taskDelayMs >= 0)) {
    throw new TypeError('emulator option taskDelayMs must be a number >= 0');
  }
  if (options.tables !== undefined && !Array.isArray(options.tables)) throw new TypeError('emulator option tables must be a list');
  if (options.faults !== undefined && !Array.isArray(options.faults)) throw new TypeError('emulator option faults must be a list');
  validateShapes(options.shape, options.replyShapes);
  const { agent, randomMessages, unavailablePaths } = options;
  if (agent !== undefined && !(agent && typeof agent === 'object' && typeof agent.bot_id === 'string' && agent.bot_id !== '')) {
    throw new TypeError('emulator option agent must be an object with a non-empty string bot_id');
  }
  if (randomMessages !== undefined && randomMessages !== null && randomMessages !== false && !Number.isInteger(randomMessages)) {
    throw new TypeError('emulator option randomMessages must be an integer seed, or null/false for none');
  }
  if (unavailablePaths !== undefined && !(Array.isArray(unavailablePaths) && unavailablePaths.every((path) => typeof path === 'string'))) {
    throw new TypeError('emulator option unavailablePaths must be a list of paths');
  }
}

/**
 * @param {Partial<EmulatorOptions>} [options]
 * @returns {EmulatorOptions}
 */
function withDefaults(options = {}) {
  validateOptions(options);
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_OPTIONS, ...defined };
}

module.exports = { DEFAULT_OPTIONS, DEFAULT_AGENT, validateOptions, withDefaults };

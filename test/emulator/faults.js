// @ts-check
'use strict';

// Fault plan: rules that make chosen requests fail the ways real networks and services do.
// A rule fires on a request to its path (default: the import endpoint) when any of its triggers
// matches (`requests` lists the 1-based request count, `every` n-th, `probability` draw);
// a rule without triggers fires every time. `times` caps its firings. The first firing rule wins.
// Counts start again whenever the faults are configured or the emulator is reset.

const IMPORT_PATH = '/v1/database/import/records';

/**
 * Faults that answer instead of the API: nothing is imported. `echoAuthorization` is a 40000
 * whose message quotes the request's Authorization header, as a careless proxy might.
 */
const REFUSING_KINDS = Object.freeze(['code50000', 'http500', 'http429', 'code40008', 'reset', 'resetWhileSending', 'nonZeroCode200', 'echoAuthorization']);
/**
 * Faults that let the API do its work and then spoil or slow the reply: a gateway's 504, an
 * accepted reply without a task id, an empty 200, a reply cut off half-way (`cutReply`).
 */
const REPLY_KINDS = Object.freeze(['delayAfterImport', 'malformedJson', 'slowDrip', 'gatewayTimeoutAfterImport', 'noTaskId', 'emptyReply', 'cutReply']);
const FAULT_KINDS = Object.freeze([...REFUSING_KINDS, ...REPLY_KINDS]);
const DEFAULT_DELAY_MS = 1000;

/** @typedef {import('./types').FaultRule} FaultRule */
/** @typedef {{ rule: FaultRule, path: string, fired: number, random: () => number }} RuleState */

/**
 * Small deterministic PRNG so a seeded probability plan replays identically.
 * @param {number} seed
 */
function mulberry32(seed) {
  let state = seed >>> 0;
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @param {FaultRule} rule */
function validateRule(rule) {
  if (!rule || !FAULT_KINDS.includes(rule.kind)) {
    throw new TypeError(`unknown fault kind ${rule && rule.kind}; expected one of ${FAULT_KINDS.join(', ')}`);
  }
  if (rule.requests !== undefined && !Array.isArray(rule.requests)) throw new TypeError('fault.requests must be a list of request numbers');
  if (rule.every !== undefined && !(Number.isInteger(rule.every) && rule.every > 0)) throw new TypeError('fault.every must be a positive integer');
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) throw new TypeError('fault.probability must be within 0..1');
}

class FaultPlan {
  /** @param {FaultRule[]} rules */
  constructor(rules = []) {
    rules.forEach(validateRule);
    /** @type {RuleState[]} */
    this.states = rules.map((rule) => ({
      rule, path: rule.path ?? IMPORT_PATH, fired: 0, random: mulberry32(rule.seed ?? 1),
    }));
    /** @type {Map<string, number>} requests seen per path */
    this.counts = new Map();
  }

  /**
   * Counts the request and returns the rule that fires for it, if any.
   * @param {string} path
   * @returns {FaultRule | null}
   */
  pick(path) {
    const count = (this.counts.get(path) ?? 0) + 1;
    this.counts.set(path, count);
    for (const state of this.states) {
      if (state.path !== path) continue;
      if (state.rule.times !== undefined && state.fired >= state.rule.times) continue;
      if (!triggers(state, count)) continue;
      state.fired++;
      return state.rule;
    }
    return null;
  }
}

/**
 * @param {RuleState} state
 * @param {number} count
 */
function triggers(state, count) {
  const { requests, every, probability } = state.rule;
  if (requests === undefined && every === undefined && probability === undefined) return true;
  if (requests && requests.includes(count)) return true;
  if (every !== undefined && count % every === 0) return true;
  return probability !== undefined && state.random() < probability;
}

/** @param {FaultRule} rule */
function isRefusing(rule) {
  return REFUSING_KINDS.includes(rule.kind);
}

/** @param {FaultRule} rule */
function faultDelayMs(rule) {
  return rule.delayMs ?? DEFAULT_DELAY_MS;
}

module.exports = { FaultPlan, FAULT_KINDS, REFUSING_KINDS, REPLY_KINDS, IMPORT_PATH, mulberry32, isRefusing, faultDelayMs };

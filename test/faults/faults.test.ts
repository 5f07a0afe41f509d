/**
 * The fault-injection matrix: workflows of 1, 2,500 and 100,000 records under each fault the
 * emulator can inject, into a table with a unique column and (1 and 2,500 records) into one
 * without, where only the node keeps a re-send from storing rows twice. Checked from the
 * emulator's store: no record lost, none stored twice,
 * every item not stored comes out as an error item naming its cause, the run ends in its bound,
 * and the API key appears in no output, error or log line.
 */
import { autoMapParameters, API_KEY, run, TABLES, useTestEmulator, type RunResult } from '../workflow/setup';

const { captureLogs } = require('../harness/workflow');

const FAULTS = [
	{ kind: 'code50000' },
	{ kind: 'http500' },
	{ kind: 'http429', retryAfter: 1 },
	{ kind: 'code40008' },
	{ kind: 'reset' },
	{ kind: 'resetWhileSending' },
	{ kind: 'delayAfterImport', delayMs: 1500 },
	{ kind: 'nonZeroCode200' },
	{ kind: 'malformedJson' },
	{ kind: 'slowDrip', delayMs: 300 },
	{ kind: 'gatewayTimeoutAfterImport' },
	{ kind: 'noTaskId' },
	{ kind: 'emptyReply' },
	{ kind: 'cutReply' },
	{ kind: 'echoAuthorization' },
];
/** Faults after which the data arrived but the reply did not say so: items may be reported, none lost. */
const LOST_REPLIES = ['delayAfterImport', 'malformedJson', 'gatewayTimeoutAfterImport', 'noTaskId', 'emptyReply', 'cutReply'];
const SIZES = [1, 2500, 100_000];
const BOUND_MS: Record<number, number> = { 1: 15_000, 2500: 20_000, 100_000: 90_000 };

let logs: Array<{ message: string; meta: unknown }>;
const captured: string[] = [];

// Declared before the emulator's hooks, so that they run first: logs are captured before it
// starts, and checked before it closes.
beforeAll(() => {
	logs = captureLogs();
});
afterAll(() => {
	// Everything the suite saw, once more, in one place.
	const everything = [...captured, ...logs.map((l) => JSON.stringify(l))].join('\n');
	expect(everything).not.toContain(API_KEY);
	expect(logs.some((l) => /batch \d+ of \d+: \d+ records, \d+ bytes, \d+ ms, \d+ retries/.test(l.message))).toBe(true);
});
const emulator = useTestEmulator();

const people = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${i}`, name: `Person ${i}` }));

function visible(result: RunResult): string {
	const error = result.error && { ...result.error, message: result.error.message, description: result.error.description, stack: result.error.stack };
	return JSON.stringify({ output: result.output, errorOutput: result.errorOutput, error });
}

/** The invariants, from the emulator's store. Items are identified by their id (unique in the input). */
function checkInvariants(tableId: string, items: Array<{ id: string }>, result: RunResult) {
	const stored = emulator.rows(tableId).map((r) => String(r.id));
	const storedSet = new Set(stored);
	expect(stored.length).toBe(storedSet.size); // none stored twice

	const errors = new Map<number, string>();
	const accepted = new Set<number>();
	for (const item of result.output) {
		const index = item.pairedItem!.item;
		if (item.json.error) errors.set(index, item.json.error);
		else accepted.add(index);
	}
	const lost: number[] = [];
	const claimedButMissing: number[] = [];
	items.forEach((item, index) => {
		if (!storedSet.has(item.id) && !errors.has(index)) lost.push(index);
		if (accepted.has(index) && !storedSet.has(item.id)) claimedButMissing.push(index);
	});
	expect(lost).toEqual([]); // no record lost silently
	expect(claimedButMissing).toEqual([]); // no item reported as imported that is not there
	for (const message of errors.values()) expect(message).toMatch(/^Item \d+: .{10,}/); // names its cause
	return { stored: stored.length, errors: errors.size };
}

const CASES = [...SIZES.map((size) => ['tbl_unique', size] as const), ['tbl_free', 1] as const, ['tbl_free', 2500] as const];

describe.each(CASES)('%s, %i records', (tableId, size) => {
	const items = people(size);

	it.each(FAULTS.map((fault) => [fault.kind, fault]))('survive %s', async (_kind, fault) => {
		emulator.configure({ tables: TABLES, taskDelayMs: 0, faults: [size === 100_000 ? { ...fault, probability: 0.1, seed: 7 } : { ...fault, requests: [1] }] });
		emulator.reset();
		const started = Date.now();
		const result = await run(emulator, items, autoMapParameters(tableId, { retryDelay: 50, timeout: 1 }), { onError: 'continueRegularOutput' });
		const elapsed = Date.now() - started;
		captured.push(visible(result));

		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(size);
		const { stored, errors } = checkInvariants(tableId, items, result);
		expect(elapsed).toBeLessThan(BOUND_MS[size]);
		// Faults that take nothing are retried away; only a lost reply may leave items reported.
		if (LOST_REPLIES.includes(fault.kind)) {
			expect(stored).toBe(size); // the data did arrive
			expect(errors).toBeLessThanOrEqual(size);
			// Without unique columns a re-send could duplicate: the request's items are told instead.
			if (tableId === 'tbl_free') expect(errors).toBe(Math.min(size, 1000));
		} else if (tableId === 'tbl_free' && fault.kind.startsWith('reset')) {
			// A connection closed after the body went out may have been imported: told, not re-sent (here nothing went in).
			expect([stored, errors]).toEqual([size - Math.min(size, 1000), Math.min(size, 1000)]);
		} else if (fault.kind === 'echoAuthorization') {
			// A 40000 is not retried: halves of the batch are sent instead, and a lone record is refused.
			expect(stored + errors).toBe(size);
			if (errors) expect(visible(result)).toContain('Bearer [API key]'); // the quoted header, the key cut out
		} else {
			expect([stored, errors]).toEqual([size, 0]);
		}
	});
});

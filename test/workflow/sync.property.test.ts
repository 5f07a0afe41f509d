/**
 * Create or Update, Update and Delete run as n8n workflows against the emulator, on random typed
 * tables, stored records and inputs, with Invalid Records = Skip and sometimes a fault on the write
 * request. One output item per input item, paired and in order, as a model of the node's checks and
 * the API predicts it; a written item's record holds what it wrote (its other columns as they were);
 * a failed item changed nothing unless it says it may have been written; records no item named are
 * as they were; no two records share a match value. Without Continue On Fail, a failed request stops
 * the node, which says whether anything may have been written. More runs: SYNC_PROPERTY_RUNS=2000.
 */
import fc from 'fast-check';

import { API_KEY, run, useTestEmulator } from './setup';

const NUM_RUNS = Number(process.env.SYNC_PROPERTY_RUNS ?? 300); // per operation
const TABLE = 'tbl_sync';
const TYPES = ['TEXT', 'INT', 'FLOAT', 'BOOLEAN', 'DATETIME'] as const;
type FieldType = (typeof TYPES)[number];
type Value = string | number | boolean | null | undefined; // undefined: the item has no such field
type Cell = string | number | boolean;
type Row = Record<string, Cell>;
type Field = { name: string; type: FieldType; required: boolean; unique: boolean };
type Operation = 'upsert' | 'update' | 'delete';

// Each pool value and what the node writes for it in a column of each type (TEXT: its text,
// docs/value-conversion.md); a type missing here refuses the value. Besides these, '' clears an
// optional column, and null or a missing field writes nothing.
const CONVERSIONS = new Map<Value, Partial<Record<FieldType, Cell>>>([
	['a', {}],
	['1', { INT: 1, FLOAT: 1, BOOLEAN: true }],
	['2.5', { FLOAT: 2.5 }],
	['no', { BOOLEAN: false }],
	['2025-01-02T03:04:05Z', { DATETIME: '2025-01-02 03:04:05' }],
	[0, { INT: 0, FLOAT: 0, BOOLEAN: false }],
	[2.5, { FLOAT: 2.5 }],
	[true, { BOOLEAN: true }],
	['2024-02-29 10:30', { DATETIME: '2024-02-29 10:30:00' }],
	[1735787045000, { INT: 1735787045000, FLOAT: 1735787045000, DATETIME: '2025-01-02 03:04:05' }],
]);
const converted = (value: Value, type: FieldType): Cell | undefined => (type === 'TEXT' ? String(value) : CONVERSIONS.get(value)?.[type]);
/** What a stored record holds in a required column the generated values left empty. */
const FALLBACK: Record<FieldType, Cell> = { TEXT: 'kept', INT: 7, FLOAT: 7.5, BOOLEAN: false, DATETIME: '2020-01-01 00:00:00' };

// Most values are valid for their column (the `valid`-th pool value its type takes), so that most items are written.
type Generated = Value | { valid: number };
const valueArb = fc.oneof(
	{ arbitrary: fc.record({ valid: fc.nat() }), weight: 3 },
	{ arbitrary: fc.constantFrom<Value>(...CONVERSIONS.keys(), '', null, undefined), weight: 1 },
);
const valueFor = (generated: Generated, type: FieldType): Value => {
	if (generated === null || typeof generated !== 'object') return generated;
	const valid = [...CONVERSIONS.keys()].filter((value) => converted(value, type) !== undefined);
	return valid[generated.valid % valid.length];
};
const STORED_SKUS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '1', 'z'];
// Match values: stored or new, one record named twice ('1' and 1), text that is not trimmed (' a'), empty or missing.
const skuArb = fc.constantFrom<Value>('a', 'b', 'c', 'd', 'e', 'h', '1', 1, ' a', 'new', '', ' ', null, undefined);
// A second unique column, `code`: values stored records hold (so only the server sees the clash), new, empty or missing.
const CODES = ['p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y'];
const codeArb = fc.constantFrom<Value>('p', 'q', 'r', 's', 'new', '', null, undefined);
// Record IDs: a stored record's (the n-th; padded with spaces, the same record), one no record has, empty or missing.
type GeneratedId = Value | { stored: number; padded: boolean };
const UNKNOWN_ID = '999999999999999999';
const idArb = fc.oneof({ arbitrary: fc.record({ stored: fc.nat(), padded: fc.boolean() }), weight: 3 }, { arbitrary: fc.constantFrom<Value>(UNKNOWN_ID, '', ' ', null, undefined), weight: 1 });

// Faults on the write request, and what its items are told once the retries run out (docs/failures.md):
// a retryable refusal wrote nothing; a reset connection may have been read (the client cannot tell);
// a reply lost or garbled after the emulator did the work may have been written; a 40000 refusal
// (echoAuthorization) is split until the refusals run out. slowDrip and delayAfterImport only slow
// a reply: they matter beyond the 1 s least Request Timeout.
const WRITTEN_THEN_LOST = ['gatewayTimeoutAfterImport', 'malformedJson', 'emptyReply', 'cutReply', 'noTaskId'];
const RETRIES_RUN_OUT: Record<string, string[]> = {
	...Object.fromEntries(['code50000', 'http500', 'http429', 'code40008', 'nonZeroCode200'].map((kind) => [kind, ['request']])),
	...Object.fromEntries(['reset', 'resetWhileSending'].map((kind) => [kind, ['request', 'outcomeUnknown']])),
	...Object.fromEntries(WRITTEN_THEN_LOST.map((kind) => [kind, ['outcomeUnknown']])),
};
const REFUSED = 'echoAuthorization';
/** The rules of error items that may be in the table anyway (docs/failures.md). */
const MAY_BE_STORED = new Set(['outcomeUnknown', 'rowMaybeDropped']);

// No sync operation has a Batch Size (Create or Update and Update send 100 records a request,
// Delete 1000): with at most 25 items each run is one write request, the one the fault hits.
const caseArb = (operation: Operation) => fc.record({
	operation: fc.constant(operation),
	byRecordId: operation === 'upsert' ? fc.constant(false) : fc.boolean(), // Create or Update matches on a column only
	uniqueCode: fc.boolean(),
	fields: fc.array(fc.record({ type: fc.constantFrom(...TYPES), required: fc.boolean() }), { minLength: 1, maxLength: 3 }),
	// A stored record's code: the n-th still free (mostly those items name).
	stored: fc.uniqueArray(fc.record({ sku: fc.constantFrom(...STORED_SKUS), code: fc.nat(3), values: fc.array(valueArb, { minLength: 3, maxLength: 3 }) }), { maxLength: 10, selector: (r) => r.sku }),
	items: fc.array(fc.record({ sku: skuArb, id: idArb, code: codeArb, values: fc.array(valueArb, { minLength: 3, maxLength: 3 }) }), { maxLength: 25 }),
	// `times` firings against 1 + maxRetries attempts: recovered, or not.
	fault: fc.option(fc.record({ kind: fc.constantFrom(...Object.keys(RETRIES_RUN_OUT), REFUSED), times: fc.constantFrom(1, 2, 9) }), { nil: undefined, freq: 2 }),
	maxRetries: fc.integer({ min: 0, max: 3 }),
	continueOnFail: fc.boolean(),
	shape: fc.constantFrom('documented', 'alternate'),
	randomMessages: fc.option(fc.integer({ min: 1, max: 99 }), { nil: null }), // codes decide, never words
});
type Case = ReturnType<typeof caseArb> extends fc.Arbitrary<infer T> ? T : never;
type Item = { sku: Value; id: Value; values: Value[] };

/** What one item should come to. */
interface Expected {
	rule?: string; // undefined: written
	sent: boolean;
	target?: string; // the match value of the record it names, if any
	output?: Record<string, unknown>; // the item once written
	after?: Row | null; // its record once written (null: deleted); undefined: the server never takes it
}

/**
 * The node's checks (docs/value-conversion.md, "Create or Update and Update Records"), then the
 * server's, which applies the request's entries in order, each seeing those before it, as many
 * times as the request reached it (a re-send after a lost reply applies them again).
 */
function expectations(c: Case, fields: Field[], stored: Map<string, Row>, skuOfId: Map<string, string>, items: Item[], applications: number): Expected[] {
	const claimed = new Set<string>();
	const expected = items.map(({ sku, id, values: raw }): Expected => {
		const values: Row = {};
		let rule: string | undefined;
		if (c.operation !== 'delete') {
			if (!c.byRecordId && sku !== null && sku !== undefined) values.sku = String(sku);
			fields.forEach((field, i) => {
				const value = raw[i];
				if (value === null || value === undefined) return;
				const cell = value === '' ? '' : converted(value, field.type);
				if (cell === undefined) rule ??= 'type';
				else values[field.name] = cell;
			});
		}
		const readable = rule === undefined;
		// An empty match value, or one an earlier item claimed, never reaches the server.
		const given = c.byRecordId ? id : sku;
		if (given === null || given === undefined || String(given).trim() === '') return { rule: rule ?? 'matchValue', sent: false };
		const key = c.byRecordId ? String(given).trim() : String(given); // a column's text is its value; an id is trimmed
		if (claimed.has(key)) return { rule: rule ?? 'matchRepeat', sent: false };
		if (!readable) return { rule, sent: false };
		claimed.add(key); // a record a later item could still write (Delete claims even then)
		const target = c.byRecordId ? skuOfId.get(key) : key;
		const identity = c.byRecordId ? { recordId: key } : { matched: { sku: key } };
		// A value naming no record is deleted too: the API does not tell it apart (docs/options.md).
		if (c.operation === 'delete') return { sent: true, target, output: { ...identity, deleted: true }, after: null };
		const after = applied(c.operation, fields, target === undefined ? undefined : stored.get(target), values);
		return { sent: true, target, output: { ...identity, values }, after };
	});
	const table = new Map(stored);
	for (let pass = 0; pass < applications; pass++) {
		for (const e of expected.filter((e) => e.sent)) {
			const taken = e.after !== undefined && (e.after === null || !uniqueTaken(fields, table, e.target!, e.after));
			e.rule = taken ? undefined : 'rejected';
			if (taken && e.after) table.set(e.target!, e.after);
		}
	}
	return expected;
}

/** The record after an update entry as the API applies it, or undefined when it refuses the entry whatever the table holds. */
function applied(operation: Operation, fields: Field[], before: Row | undefined, values: Row): Row | undefined {
	if (!before && operation === 'update') return undefined; // Update never creates
	const required = new Set(['sku', ...fields.filter((f) => f.required || f.unique).map((f) => f.name)]);
	if (!before && [...required].some((name) => !(name in values))) return undefined;
	const row: Row = { ...before };
	for (const [name, value] of Object.entries(values)) {
		if (value !== '') row[name] = value;
		else if (required.has(name)) return undefined;
		else delete row[name];
	}
	return row;
}

/** Whether another record holds one of the row's unique values (the server refuses the entry then). */
function uniqueTaken(fields: Field[], table: Map<string, Row>, target: string, row: Row): boolean {
	const unique = fields.filter((f) => f.unique && row[f.name] !== undefined);
	return [...table].some(([sku, other]) => sku !== target && unique.some((f) => other[f.name] === row[f.name]));
}

/** How many times the emulator applies the write request: again after each reply it lost, while retries last. */
function applicationsOf(fault: Case['fault'], maxRetries: number): number {
	return fault && WRITTEN_THEN_LOST.includes(fault.kind) ? Math.min(fault.times, maxRetries) + 1 : 1;
}

/** The rules an item sent in the faulted request may end with, besides its own outcome. */
function faultRules(fault: Case['fault'], maxRetries: number): string[] {
	if (!fault) return [];
	if (fault.kind === REFUSED) return ['rejected', 'notIsolated']; // split until the refusals run out
	return fault.times <= maxRetries ? [] : RETRIES_RUN_OUT[fault.kind];
}

function parametersOf(c: Case, fields: Field[]) {
	const base = { resource: 'tableData', operation: c.operation, tableId: TABLE, options: { onInvalidRecord: 'skip', maxRetries: c.maxRetries, retryDelay: 0 } };
	const autoMap = { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['sku'], schema: [] };
	// By record ID the values are mapped one by one: the item's `id` and `sku` are not written.
	const mapped = { mappingMode: 'defineBelow', value: Object.fromEntries(fields.map((f) => [f.name, `={{ $json.${f.name} }}`])), matchingColumns: [], schema: [] };
	if (c.operation === 'upsert') return { ...base, columns: autoMap };
	if (c.operation === 'update') return c.byRecordId ? { ...base, matchBy: 'recordId', recordId: '={{ $json.id }}', columns: mapped } : { ...base, matchBy: 'column', columns: autoMap };
	return c.byRecordId ? { ...base, deleteBy: 'recordId', recordId: '={{ $json.id }}' } : { ...base, deleteBy: 'column', matchColumn: 'sku', matchValue: '={{ $json.sku }}' };
}

const bySku = (rows: Row[]) => new Map(rows.map((row) => [String(row.sku), row]));

const emulator = useTestEmulator();

/** The stored records' IDs, as Get Many would give them. */
async function recordIds(): Promise<string[]> {
	const headers = { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' };
	const reply = await fetch(`${emulator.url}/v1/database/records/page`, { method: 'POST', headers, body: JSON.stringify({ table_id: TABLE, page: 1, page_size: 100 }) });
	const body = (await reply.json()) as { data?: { records: Array<{ id: string }> }; records?: Array<{ id: string }> };
	return (body.data ?? body).records!.map((record) => record.id); // wrapped or bare, by the reply shape
}

async function check(c: Case) {
	const others: Field[] = c.fields.map((f, i) => ({ name: `f${i}`, ...f, unique: false }));
	// Declared optional: a unique column needs a value all the same.
	const fields: Field[] = [...(c.uniqueCode ? [{ name: 'code', type: 'TEXT' as const, required: false, unique: true }] : []), ...others];
	// Stored records hold values as the table stores them, with every required column, and codes of their own.
	const freeCodes = [...CODES];
	const stored = c.stored.map(({ sku, code, values }) => {
		const row: Row = c.uniqueCode ? { sku, code: freeCodes.splice(code % freeCodes.length, 1)[0] } : { sku };
		others.forEach((field, i) => {
			const value = valueFor(values[i], field.type);
			const cell = value === '' || value === null || value === undefined ? undefined : converted(value, field.type);
			if (cell !== undefined) row[field.name] = cell;
			else if (field.required) row[field.name] = FALLBACK[field.type];
		});
		return row;
	});
	const table = { id: TABLE, name: 'products', fields: [{ name: 'sku', type: 'TEXT', required: true, unique: true }, ...fields], rows: stored };
	const fault = c.fault && { ...c.fault, path: c.operation === 'delete' ? '/v2/database/delete/record' : '/v2/database/update/record' };
	emulator.configure({ tables: [table], faults: fault ? [fault] : [], shape: c.shape, randomMessages: c.randomMessages });
	emulator.reset();
	const ids = await recordIds(); // in the order of `stored`
	const idOf = (id: GeneratedId): Value => {
		if (id === null || typeof id !== 'object') return id;
		const known = ids.length ? ids[id.stored % ids.length] : UNKNOWN_ID;
		return id.padded ? ` ${known} ` : known;
	};
	// Values in the order of `fields`.
	const items: Item[] = c.items.map(({ sku, id, code, values }) => ({ sku, id: idOf(id), values: [...(c.uniqueCode ? [code] : []), ...others.map((f, i) => valueFor(values[i], f.type))] }));
	const input = items.map(({ sku, id, values }) =>
		Object.fromEntries([['sku', sku], ...(c.byRecordId ? [['id', id]] : []), ...fields.map((f, i) => [f.name, values[i]])].filter(([, value]) => value !== undefined)),
	);
	const before = bySku(stored);
	const skuOfId = new Map(ids.map((id, i) => [id, stored[i].sku as string]));
	const expected = expectations(c, fields, before, skuOfId, items, applicationsOf(c.fault, c.maxRetries));
	const faulted = expected.some((e) => e.sent) ? faultRules(c.fault, c.maxRetries) : [];

	const result = await run(emulator, input, parametersOf(c, fields), c.continueOnFail ? { onError: 'continueRegularOutput' } : {});

	const rows = emulator.rows(TABLE) as Row[];
	const after = bySku(rows);
	expect(after.size).toBe(rows.length); // no two records share a match value
	// Records no sent item named are as they were.
	const named = new Set(expected.filter((e) => e.sent).map((e) => e.target));
	for (const sku of new Set([...before.keys(), ...after.keys()])) if (!named.has(sku)) expect(after.get(sku)).toEqual(before.get(sku));
	/** The record a sent item names: as the item wrote it, as it was, or (a write that may have happened) either. */
	const expectRecord = (e: Expected, state: 'written' | 'unchanged' | 'either') => {
		if (e.target === undefined) return; // names no record: nothing to find
		const was = before.get(e.target) ?? null;
		expect({ written: [e.after], unchanged: [was], either: [e.after, was] }[state]).toContainEqual(after.get(e.target) ?? null);
	};

	const failedRequest = faulted.includes('request') || faulted.includes('outcomeUnknown');
	if (!c.continueOnFail && failedRequest && result.error) {
		// A failed request stops the node (Skip still stops there), saying what may have been written.
		const description = String(result.error.description);
		const said = [faulted.includes('request') && /Nothing was written\./, faulted.includes('outcomeUnknown') && /may or may not have been written/];
		expect(said.some((words) => words && words.test(description))).toBe(true);
		for (const e of expected.filter((e) => e.sent)) expectRecord(e, /Nothing was written\./.test(description) ? 'unchanged' : 'either');
		return;
	}
	expect(result.error).toBeUndefined();
	expect(result.output).toHaveLength(input.length);
	result.output.forEach((out, i) => {
		const e = expected[i];
		expect(out.pairedItem?.item).toBe(i);
		const rule = out.json.errorRule as string | undefined;
		if (rule === undefined) {
			// Once a refusal splits the request, the records it refused are not applied: a later record's clash may not happen.
			if (c.fault?.kind !== REFUSED) expect(e.rule).toBeUndefined();
			expect(out.json).toEqual(e.output);
			expectRecord(e, 'written');
			return;
		}
		// An error item names its item and keeps the input's fields.
		expect(out.json).toMatchObject({ ...input[i], errorItemIndex: i });
		expect(out.json.error).toMatch(new RegExp(`^Item ${i}\\b`));
		expect([e.rule, ...(e.sent ? faulted : [])]).toContain(rule);
		// Without Continue On Fail a failed request stops the node rather than making error items.
		if (!c.continueOnFail) expect(['request', 'outcomeUnknown']).not.toContain(rule);
		if (e.sent) expectRecord(e, MAY_BE_STORED.has(rule) ? 'either' : 'unchanged');
	});
}

it.each([
	['Create or Update', 'upsert'],
	['Update', 'update'],
	['Delete', 'delete'],
] as const)('%s writes what it reports, item by item, and nothing else', async (_name, operation) => {
	await fc.assert(fc.asyncProperty(caseArb(operation), check), { numRuns: NUM_RUNS });
});

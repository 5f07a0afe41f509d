/**
 * Get Many Records run as n8n workflows against the emulator, on random typed tables of 0-350
 * records, 1-3 input items each with its own Return All, Limit, filter and search, random reply
 * shapes, reworded server messages and faults on the records read. Per input item the output is
 * what a model of the emulator picks, in table order, each record once with its id and times,
 * paired to its item; pages are read as paging needs, a faulted read is asked again for the same
 * page; an item that cannot be read is an error item (Continue On Fail) or stops the node, saying
 * why. More runs: GET_MANY_PROPERTY_RUNS=2000.
 */
import fc from 'fast-check';

import { API_KEY, run, useTestEmulator } from './setup';

const NUM_RUNS = Number(process.env.GET_MANY_PROPERTY_RUNS ?? 250);
const TABLE = 'tbl_getmany';
const PAGE_PATH = '/v1/database/records/page';
const PAGE_SIZE = 100;
const ATTEMPTS_PER_PAGE = 4; // a read and its 3 retries (READ_RETRIES, docs/options.md)
const TYPES = ['TEXT', 'INT', 'FLOAT', 'BOOLEAN', 'DATETIME'] as const;
type FieldType = (typeof TYPES)[number];
type Row = Record<string, string | number | boolean>;

// Faults the node retries on a read, with what its message says once the retries run out. A read
// changes nothing, so lost and garbled replies are retried too (docs/failures.md).
const FAULT_MESSAGES: Record<string, RegExp> = {
	code50000: /^AltaTech had an internal error/,
	nonZeroCode200: /^AltaTech had an internal error/,
	http500: /^AltaTech answered with a server error \(HTTP 500\)/,
	gatewayTimeoutAfterImport: /^AltaTech answered with a server error \(HTTP 504\)/,
	http429: /^Too many requests/,
	code40008: /^Too many requests/,
	reset: /was closed without an answer/,
	resetWhileSending: /was closed without an answer/,
	emptyReply: /without a list of records/,
	noTaskId: /without a list of records/,
	malformedJson: /not valid JSON/,
	cutReply: /failed without a readable answer/,
};
const FAULT_KINDS = Object.keys(FAULT_MESSAGES);
// A filter's value is converted to its unique column's type: the node reads the table's columns
// first (once, from the same path, page size 1), where a reply without them is said so.
const COLUMNS_FAULT_MESSAGES: Record<string, RegExp> = { ...FAULT_MESSAGES, emptyReply: /without the table's description/, noTaskId: /without the table's description/ };
const EXPECTED_TYPE: Record<string, string> = { INT: 'a whole number (INT)', FLOAT: 'a number (FLOAT)', DATETIME: 'a date and time in the years 1000 to 9999: ISO text, YYYY-MM-DD HH:MM:SS or epoch milliseconds (DATETIME)' };

// A stored value of each type, as the table holds it (the emulator stores config rows as given).
function storedValue(type: FieldType, random: () => number): string | number | boolean {
	const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
	const n = Math.floor(random() * 60);
	switch (type) {
		case 'TEXT': return pick(['Alpha', 'beta', 'Gamma ray', 'a,b', 'x"y', 'Ünïcode', `t${n}`, `Key${n}`]);
		case 'INT': return n - 20;
		case 'FLOAT': return pick([0.5, 2.25, -3.125, n / 8]);
		case 'BOOLEAN': return random() < 0.5;
		case 'DATETIME': return `2025-0${1 + (n % 9)}-1${n % 10} 0${n % 10}:${10 + (n % 50)}:0${n % 10}`;
	}
}
// The unique column's value of row i: distinct by construction. Not BOOLEAN: such a column holds two records at most.
const UNIQUE_VALUE: Record<Exclude<FieldType, 'BOOLEAN'>, (i: number) => string | number> = {
	TEXT: (i) => `Key${i}`,
	INT: (i) => 3 * i - 100,
	FLOAT: (i) => i + 0.25,
	DATETIME: (i) => new Date(Date.UTC(2024, 0, 1) + i * 3_671_000).toISOString().slice(0, 19).replace('T', ' '),
};
// Text a user may type for a stored unique value that the column takes as the same value
// (the emulator compares a filter value as the column would store it).
function typedAs(value: string | number, variant: number): string {
	if (typeof value !== 'number') return value;
	const text = String(value);
	return [text, value < 0 ? text : `+${text}`, Number.isInteger(value) ? text.replace(/^(-?)/, '$10') : `${text}0`][variant % 3]; // 7: "+7", "07"; 2.25: "2.250"
}
// A value of the column's type that no row holds.
const NO_MATCH: Record<string, string> = { TEXT: 'absent', INT: '99999', FLOAT: '-0.125', DATETIME: '1999-12-31 23:59:59' };

// The cells come from a seed rather than from fast-check: 350 rows of generated values would make shrinking slow.
function mulberry32(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = Math.imul(state ^ (state >>> 15), state | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const FILTERS = ['match', 'noMatch', 'wrongType', 'nonUnique', 'unknownColumn', 'valueOnly', 'columnOnly'] as const;
// Mostly whole tables, so that many records and pages are read.
const unfilteredMostly = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: arb, weight: 2 });
const queryArb = fc.record({
	returnAll: fc.boolean(),
	limit: fc.oneof(fc.noBias(fc.integer({ min: 1, max: 250 })), fc.constantFrom(1, 99, 100, 101, 200)),
	filter: unfilteredMostly(fc.constantFrom(...FILTERS)),
	filterRow: fc.nat(),
	variant: fc.nat(),
	// Text in many values ('a', '1', ' ' in every DATETIME), in few, in none; or a stored key's text.
	keyword: unfilteredMostly(fc.oneof(fc.constantFrom('a', 'E', '1', '2025', 'true', ' ', '.5', 'key1', 'zzz-none'), fc.nat())),
});
const caseArb = fc.record({
	uniqueType: fc.constantFrom<Exclude<FieldType, 'BOOLEAN'>>('TEXT', 'INT', 'FLOAT', 'DATETIME'),
	otherTypes: fc.array(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 3 }),
	names: fc.shuffledSubarray(['sku', 'name', 'price', 'qty', 'active', 'born', 'note', 'created_at', 'id', 'value'], { minLength: 4, maxLength: 4 }),
	rowCount: fc.oneof(fc.noBias(fc.integer({ min: 0, max: 350 })), fc.constantFrom(0, 1, 99, 100, 101, 200, 201, 350)),
	cellSeed: fc.integer(),
	queries: fc.array(queryArb, { minLength: 1, maxLength: 3 }),
	perItem: fc.boolean(), // parameters as expressions of each item, or fixed (every item asks the same)
	faulted: fc.uniqueArray(fc.integer({ min: 1, max: 14 }), { maxLength: 4 }), // request numbers of the records read
	burst: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }), // 4 faults in a row: a page whose retries run out
	faultKinds: fc.array(fc.constantFrom(...FAULT_KINDS), { minLength: 1, maxLength: 3 }),
	recordsPage: fc.constantFrom('wrapped', 'bare'),
	counts: fc.constantFrom('number', 'string'),
	randomMessages: fc.option(fc.nat(), { nil: null }),
	onError: fc.constantFrom('stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

const emulator = useTestEmulator();

// The node waits between retries with AbortSignal.timeout (0.5 s up, doubling); a hundredth of each
// wait keeps hundreds of faulted runs within seconds. The 120 s request deadline is left as it is.
const realTimeout = AbortSignal.timeout.bind(AbortSignal);
beforeAll(() => (AbortSignal.timeout = (ms: number) => realTimeout(ms < 60_000 ? Math.ceil(ms / 100) : ms)));
afterAll(() => (AbortSignal.timeout = realTimeout));

function tableOf(c: Case) {
	const [key, ...others] = c.names;
	const fields = [{ name: key, type: c.uniqueType, required: true, unique: true }, ...c.otherTypes.map((type, i) => ({ name: others[i], type, required: false, unique: false }))];
	const random = mulberry32(c.cellSeed);
	const rows: Row[] = Array.from({ length: c.rowCount }, (_, i) => {
		const row: Row = { [key]: UNIQUE_VALUE[c.uniqueType](i) };
		// An optional column left empty is not stored: the record has no such field.
		for (const field of fields.slice(1)) if (random() < 0.8) row[field.name] = storedValue(field.type, random);
		return row;
	});
	return { key, fields, rows };
}

/** One item's parameters as the node reads them, and what it should get: records, or an error. */
function itemQuery(q: Case['queries'][number], table: ReturnType<typeof tableOf>, uniqueType: string) {
	const stored = table.rows[q.filterRow % Math.max(1, table.rows.length)];
	const params = { returnAll: q.returnAll, limit: q.limit, filterColumn: '', filterValue: '', keyword: '' };
	if (typeof q.keyword === 'number') params.keyword = String(table.rows.length ? table.rows[q.keyword % table.rows.length][table.key] : 'Key0');
	else if (q.keyword !== undefined) params.keyword = q.keyword;
	let candidates = table.rows;
	let refusal: 'server' | string | undefined;
	// Set when the node reads the table's columns to convert the value; then why the value cannot be of the column's type.
	let readsColumns = false;
	let typeRefusal: string | undefined;
	const column = q.variant % 4 === 0 ? ` ${table.key} ` : table.key; // surrounding spaces are ignored
	switch (q.filter) {
		case 'match':
			Object.assign(params, { filterColumn: column, filterValue: stored ? typedAs(stored[table.key] as string | number, q.variant) : NO_MATCH[uniqueType] });
			candidates = stored ? [stored] : [];
			readsColumns = true;
			break;
		case 'noMatch':
		case 'wrongType': // text no value of the column can be: no record in a TEXT column, else the item's error
			Object.assign(params, { filterColumn: column, filterValue: q.filter === 'noMatch' ? NO_MATCH[uniqueType] : 'not a value' });
			candidates = [];
			readsColumns = true;
			if (q.filter === 'wrongType' && uniqueType !== 'TEXT') typeRefusal = `Filter Value "not a value" cannot be read as ${EXPECTED_TYPE[uniqueType]}, the type of column "${table.key}": no record could equal it`;
			break;
		case 'nonUnique':
		case 'unknownColumn': // the API filters on one unique column only and refuses anything else
			Object.assign(params, { filterColumn: q.filter === 'nonUnique' ? table.fields[1].name : 'no_such_column', filterValue: '1' });
			refusal = 'server';
			readsColumns = true;
			break;
		case 'valueOnly':
			Object.assign(params, { filterValue: 'Key1' });
			refusal = 'Filter Value is set but Filter Column is empty: choose the unique column the value must equal, or clear Filter Value';
			break;
		case 'columnOnly':
			Object.assign(params, { filterColumn: column });
			refusal = `Filter Value is empty: give the value column "${table.key}" must equal`;
	}
	// The emulator's search: the text, in any case, within any value as text.
	const needle = params.keyword.toLowerCase();
	const matching = needle ? candidates.filter((row) => Object.values(row).some((v) => String(v).toLowerCase().includes(needle))) : candidates;
	const wanted = params.returnAll ? matching.length : Math.min(params.limit, matching.length);
	// Pages: until one is short or the total is reached, never past the limit; one page at least.
	const pages = refusal ? 1 : Math.max(1, Math.min(Math.ceil(matching.length / PAGE_SIZE), params.returnAll ? Infinity : Math.ceil(params.limit / PAGE_SIZE)));
	return { params, refusal, readsColumns, typeRefusal, records: matching.slice(0, wanted), pageSizes: Array.from({ length: pages }, (_, p) => Math.max(0, Math.min(PAGE_SIZE, matching.length - p * PAGE_SIZE))) };
}
type ItemQuery = ReturnType<typeof itemQuery>;

/**
 * The node's reads request by request: the table's columns once (when a filter needs them; a
 * failed read is tried again for the next item), then each page, each asked until an answer
 * not faulted, at most 4 times.
 */
function simulate(queries: ItemQuery[], spoils: (request: number, refused: boolean) => boolean, continueOnFail: boolean, rowCount: number) {
	let request = 0;
	let columnsRead = false;
	const answered: Array<number | null> = []; // records of each answered read; null: refused
	const outcomes: Array<{ failure?: string; lastFault?: number; readingColumns?: boolean; pagesRead: number }> = [];
	for (const query of queries) {
		const outcome: (typeof outcomes)[number] = { pagesRead: 0 };
		if (query.refusal && query.refusal !== 'server') outcome.failure = query.refusal;
		else if (query.readsColumns && !columnsRead) {
			let attempts = 0;
			while (attempts < ATTEMPTS_PER_PAGE && spoils(++request, false)) attempts++;
			if (attempts === ATTEMPTS_PER_PAGE) Object.assign(outcome, { failure: 'retries', lastFault: request, readingColumns: true });
			else {
				answered.push(Math.min(1, rowCount));
				columnsRead = true;
			}
		}
		if (!outcome.failure && query.typeRefusal) outcome.failure = query.typeRefusal;
		for (const size of outcome.failure ? [] : query.pageSizes) {
			let attempts = 0;
			while (attempts < ATTEMPTS_PER_PAGE && spoils(++request, query.refusal === 'server')) attempts++;
			if (attempts === ATTEMPTS_PER_PAGE) {
				outcome.failure = 'retries';
				outcome.lastFault = request;
				break;
			}
			answered.push(query.refusal ? null : size);
			if (query.refusal) {
				outcome.failure = 'server';
				break;
			}
			outcome.pagesRead++;
		}
		outcomes.push(outcome);
		if (outcome.failure && !continueOnFail) break;
	}
	return { requests: request, answered, outcomes };
}

const isoTime = (text: unknown) => typeof text === 'string' && new Date(text).toISOString() === text;

it('outputs each item exactly the records its query selects, reading only the pages it needs, faults retried', async () => {
	await fc.assert(
		fc.asyncProperty(caseArb, async (c) => {
			const table = tableOf(c);
			const faulted = new Set([...c.faulted, ...(c.burst ? [0, 1, 2, 3].map((k) => c.burst! + k) : [])]);
			const kindOf = (request: number) => c.faultKinds[request % c.faultKinds.length];
			const before = Date.now();
			emulator.configure({
				tables: [{ id: TABLE, name: 'random', fields: table.fields, rows: table.rows }],
				replyShapes: { recordsPage: c.recordsPage, counts: c.counts },
				randomMessages: c.randomMessages,
				faults: [...faulted].map((request) => ({ kind: kindOf(request), path: PAGE_PATH, requests: [request] })),
			});
			emulator.reset();
			const after = Date.now();

			const queries = c.queries.map((q) => itemQuery(c.perItem ? q : c.queries[0], table, c.uniqueType));
			const input = queries.map((q, item) => ({ item, ...q.params, nested: { at: item } }));
			const fixed = queries[0].params;
			const parameters = c.perItem
				? { returnAll: '={{ $json.returnAll }}', limit: '={{ $json.limit }}', options: { filterColumn: '={{ $json.filterColumn }}', filterValue: '={{ $json.filterValue }}', keyword: '={{ $json.keyword }}' } }
				: { returnAll: fixed.returnAll, limit: fixed.limit, options: Object.fromEntries(Object.entries(fixed).filter(([k, v]) => k !== 'returnAll' && k !== 'limit' && v !== '')) };
			const result = await run(emulator, input, { resource: 'tableData', operation: 'getMany', tableId: TABLE, ...parameters }, { onError: c.onError });

			const continueOnFail = c.onError !== 'stopWorkflow';
			// noTaskId empties a successful reply only: a refusal goes through as it is.
			const spoils = (request: number, refused: boolean) => faulted.has(request) && !(refused && kindOf(request) === 'noTaskId');
			const model = simulate(queries, spoils, continueOnFail, table.rows.length);
			// Reads: as many as paging and retries need; the answered ones returned the expected pages.
			const reads = emulator.requests.filter((r) => r.path === PAGE_PATH);
			expect(reads).toHaveLength(model.requests);
			expect(reads.filter((r) => r.fault === null || (r.fault === 'noTaskId' && r.status >= 300)).map((r) => r.recordCount)).toEqual(model.answered);

			// The error that stops the node has the server's words in its description; an error item, in its message.
			// An error item's message names its item; the error that stops the node gives the index apart.
			const messageOf = (outcome: (typeof model.outcomes)[number], item?: number) => {
				const asItem = item !== undefined;
				const serverWords = asItem ? '(\\. The server said: ".*")?' : '';
				const itemWords = asItem ? `Item ${item}: ` : '';
				if (outcome.failure === 'retries') {
					const faults = outcome.readingColumns ? COLUMNS_FAULT_MESSAGES : FAULT_MESSAGES;
					const { source } = faults[kindOf(outcome.lastFault!)];
					const start = source.startsWith('^') ? `^${itemWords}${source.slice(1)}` : `${asItem ? `^${itemWords}.*` : ''}${source}`;
					return expect.stringMatching(new RegExp(`${start}.* \\(table "${TABLE}"\\)${serverWords}$`));
				}
				if (outcome.failure === 'server') {
					const message = `The API rejected the request (parameter error) (table "${TABLE}")`;
					return asItem ? expect.stringMatching(new RegExp(`^${itemWords}The API rejected the request \\(parameter error\\) \\(table "\\w+"\\)\\. The server said: ".+"$`)) : message;
				}
				return asItem ? `${itemWords}${outcome.failure}` : outcome.failure;
			};
			const stopped = model.outcomes.findIndex((o) => o.failure);
			if (!continueOnFail && stopped >= 0) {
				// The node stops with no output, saying why and for which item.
				expect(result.output).toEqual([]);
				expect(result.error?.message).toEqual(messageOf(model.outcomes[stopped]));
				expect(result.error?.context?.itemIndex).toBe(stopped);
				expect(JSON.stringify(result.error)).not.toContain(API_KEY);
				return;
			}
			expect(result.error).toBeUndefined();
			// Output in input order, every output item paired to the item that asked.
			// On the error output n8n gives the input's fields and the error.
			const errorsApart = c.onError === 'continueErrorOutput';
			expect(result.errorOutput.map((o) => [o.pairedItem?.item, o.json.error])).toEqual(
				errorsApart ? model.outcomes.flatMap((o, item) => (o.failure ? [[item, messageOf(o, item)]] : [])) : [],
			);
			const pairing = result.output.map((o) => o.pairedItem?.item);
			expect(pairing).toEqual([...pairing].sort((a, b) => a! - b!));
			const recordIdByKey = new Map<unknown, string>();
			queries.forEach((query, item) => {
				const outcome = model.outcomes[item];
				const mine = result.output.filter((o) => o.pairedItem?.item === item).map((o) => o.json);
				const records = outcome.failure && !errorsApart ? mine.slice(0, -1) : mine;
				if (outcome.failure) {
					// The input's fields (copied), why, and which item; none of the records read before the failure.
					if (!errorsApart) expect(mine[mine.length - 1]).toEqual({ ...input[item], error: messageOf(outcome, item), errorItemIndex: item });
					if (!errorsApart) expect(mine[mine.length - 1].nested).not.toBe(input[item].nested);
					expect(records).toHaveLength(0);
				} else {
					expect(records).toHaveLength(query.records.length);
				}
				const ids = records.map((json) => json.recordId as string);
				records.forEach((json, i) => {
					const { recordId, createdAt, updatedAt, ...values } = json;
					expect(values).toEqual(query.records[i]);
					expect(recordId).toMatch(/^\d{18}$/);
					expect(isoTime(createdAt) && isoTime(updatedAt)).toBe(true);
					// Stored when the table was set up (config rows are inserted then).
					for (const time of [createdAt, updatedAt]) expect(Date.parse(time) >= before && Date.parse(time) <= after).toBe(true);
					// The same record has the same id whichever item read it.
					const key = values[table.key];
					expect(recordId).toBe(recordIdByKey.get(key) ?? recordId);
					recordIdByKey.set(key, recordId);
				});
				// Table order (ids ascend), so no record twice.
				for (let i = 1; i < ids.length; i++) expect(BigInt(ids[i]) > BigInt(ids[i - 1])).toBe(true);
			});
			expect(pairing.every((item) => item !== undefined && item < queries.length)).toBe(true);
		}),
		{ numRuns: NUM_RUNS },
	);
}, Math.max(120_000, NUM_RUNS * 200)); // room for GET_MANY_PROPERTY_RUNS

/**
 * Add Records with Get Import Results, then Get Import Status, run as n8n workflows against the
 * emulator on random tables (schemaless, typed, with a unique column), stored rows, inputs, batch
 * sizes, task delays and faults on the import and status endpoints. Once every task has ended,
 * what each item reported is what the table holds: one output item per input item, paired and in
 * order; an item imported (AVAILABLE) is stored once with its values; an error whose rule says
 * nothing was stored (docs/failures.md) is not; an item still PENDING_PARSE at the timeout was not
 * seen to end, and how its task ends decides; nothing is stored twice; Get Import Status tells the
 * statuses the emulator holds; an error that stops the node counts what was imported, by task.
 * More runs: TRACKING_PROPERTY_RUNS=200. A failure ends the run at once (its cases take seconds
 * each, so shrinking would outlast the test's time); TRACKING_PROPERTY_SHRINK=1 shrinks it.
 */
import fc from 'fast-check';

import { run, shutdownN8nCore, startTestEmulator, type Emulator, type RunResult } from './setup';

const NUM_RUNS = Number(process.env.TRACKING_PROPERTY_RUNS ?? 10);
// A wait costs a second or more of real time, mostly idle: cases run side by side, each against an emulator of its own.
const LANES = 6;
const TABLE = 'tbl_tracked';
const STATUS_PATH = '/v1/database/query/import-results';
const IMPORT_PATH = '/v1/database/import/records';

// Rules the server decides (docs/failures.md), and those whose record "may be stored anyway". Of the
// node's rules these inputs can break only type, uniqueRequired and uniqueRepeat (see inputOf).
const SERVER_RULES = new Set(['rejected', 'notIsolated', 'request', 'outcomeUnknown', 'importFailed', 'rowDropped', 'rowMaybeDropped']);
const MAY_BE_STORED = new Set(['outcomeUnknown', 'rowMaybeDropped']);

// Import faults: refusals (nothing imported), lost or spoilt replies after the import, a 40000 that splits the batch.
const IMPORT_FAULTS = ['code50000', 'http500', 'reset', 'resetWhileSending', 'gatewayTimeoutAfterImport', 'noTaskId', 'emptyReply', 'cutReply', 'malformedJson', 'echoAuthorization', 'delayAfterImport'] as const;
// Status faults: failed reads, replies that are no list of tasks, slow answers.
const STATUS_FAULTS = ['http500', 'code50000', 'emptyReply', 'malformedJson', 'cutReply', 'reset', 'delayAfterImport'] as const;
const faultArb = <K extends string>(kinds: readonly K[]) =>
	fc.record({
		kind: fc.constantFrom(...kinds),
		// Request numbers count per path, retries and split parts included; none: every request.
		requests: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }), { nil: undefined, freq: 4 }),
		delayMs: fc.constantFrom(300, 1200), // past a Request Timeout of 1 s, or not
	});

const itemArb = fc.record({
	// A fresh id, a stored row's (only a unique table's task or check refuses it), an earlier item's, or none.
	id: fc.oneof({ arbitrary: fc.constant('fresh'), weight: 8 }, { arbitrary: fc.constant('stored'), weight: 4 }, { arbitrary: fc.constantFrom('repeat', 'empty'), weight: 1 }),
	pick: fc.nat(),
	v: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 99 }), weight: 12 }, { arbitrary: fc.constant('x'), weight: 1 }), // 'x': no INT
});
const anyCaseArb = fc.record({
	kind: fc.oneof({ arbitrary: fc.constant('unique' as const), weight: 3 }, { arbitrary: fc.constantFrom('typed' as const, 'schemaless' as const), weight: 1 }),
	stored: fc.integer({ min: 0, max: 10 }),
	items: fc.array(itemArb, { maxLength: 40 }),
	nodeInvalidItems: fc.boolean(), // else ids 'repeat'/'empty' and 'x' become valid ones: Fail Before Sending would stop every run
	batchSize: fc.integer({ min: 1, max: 15 }),
	uniqueCheck: fc.constantFrom('sync', 'async'), // async: a stored unique value fails the whole task, not the request
	taskDelayMs: fc.constantFrom(0, 100, 600, 1300),
	waitTimeout: fc.constantFrom(1, 2, 3),
	requestTimeout: fc.constantFrom(1, 120),
	maxRetries: fc.integer({ min: 0, max: 2 }),
	concurrency: fc.constantFrom(1, 1, 3),
	importFault: fc.option(faultArb(IMPORT_FAULTS), { nil: undefined, freq: 2 }),
	statusFault: fc.option(faultArb(STATUS_FAULTS), { nil: undefined, freq: 2 }),
	lookupFault: fc.option(fc.constantFrom('http500', 'emptyReply'), { nil: undefined, freq: 4 }), // once: Get Import Status retries it
	continueOnFail: fc.boolean(),
	onInvalidRecord: fc.constantFrom('skip', 'skip', 'fail'),
});
type Case = typeof anyCaseArb extends fc.Arbitrary<infer T> ? T : never;
// Cases a uniform draw seldom makes, forced on part of the runs.
const caseArb = fc.oneof(
	{ arbitrary: anyCaseArb, weight: 4 },
	// A slow reply holds back the later requests: their tasks still run when earlier ones have failed, and a stop counts both.
	{
		arbitrary: anyCaseArb.map((c): Case => ({
			...c, kind: 'unique', uniqueCheck: 'async', taskDelayMs: 1300, waitTimeout: 1, requestTimeout: 120, batchSize: Math.min(c.batchSize, 4), nodeInvalidItems: false,
			importFault: { kind: 'delayAfterImport', requests: [2], delayMs: 1200 }, onInvalidRecord: 'fail', continueOnFail: c.continueOnFail && c.items.length % 2 === 0,
		})),
		weight: 1,
	},
	// Batches of stored values, refused at once: splitting finds nothing the server takes, so later batches are only probed.
	{ arbitrary: anyCaseArb.map((c): Case => ({ ...c, kind: 'unique', uniqueCheck: 'sync', stored: 10, items: c.items.map((item) => ({ ...item, id: item.pick % 5 ? 'stored' : item.id })) })), weight: 1 },
);
type Row = Record<string, unknown>;
type Task = Record<string, any>;

/** The input items, and the rule the node must give each before sending (undefined: it goes). */
function inputOf(c: Case) {
	const claimed = new Set<string>();
	const ids: string[] = [];
	return c.items.map(({ id: kind, pick, v: rawV }, i) => {
		const v = rawV === 'x' && !c.nodeInvalidItems ? pick % 100 : rawV;
		const chosen = c.nodeInvalidItems ? kind : kind === 'repeat' || kind === 'empty' ? 'fresh' : kind;
		let id = chosen === 'stored' && c.stored ? `k${pick % c.stored}` : chosen === 'repeat' && i ? ids[pick % i] : chosen === 'empty' ? '' : `f${i}`;
		if (!c.nodeInvalidItems && claimed.has(id)) id = `f${i}`; // two items naming one stored row
		ids.push(id);
		let rule: string | undefined;
		if (v === 'x' && c.kind !== 'schemaless') rule = 'type';
		else if (c.kind === 'unique' && id === '') rule = 'uniqueRequired';
		else if (c.kind === 'unique' && claimed.has(id)) rule = 'uniqueRepeat';
		if (!rule) claimed.add(id); // only a record that goes claims its unique value
		return { item: { n: `i${i}`, id, v }, nodeRule: rule };
	});
}

function tableOf(c: Case) {
	const rows = Array.from({ length: c.stored }, (_, k) => ({ n: `s${k}`, id: `k${k}`, v: k }));
	if (c.kind === 'schemaless') return { id: TABLE, name: 'free', rows };
	const fields = [
		{ name: 'n', type: 'TEXT', required: true, unique: false },
		{ name: 'id', type: 'TEXT', required: false, unique: c.kind === 'unique' },
		{ name: 'v', type: 'INT', required: false, unique: false },
	];
	return { id: TABLE, name: 'tracked', fields, rows };
}

const withoutEmpty = (row: Row) => Object.fromEntries(Object.entries(row).filter(([, value]) => value !== '' && value !== null && value !== undefined));

/** A task's fields as the node reports them (docs/import-tracking.md), from the emulator's view. */
const fieldsOf = (task: Task) => ({
	status: task.status,
	finished: task.status !== 'PENDING_PARSE',
	succeeded: task.status === 'AVAILABLE' && task.fail_count === 0,
	progress: task.progress,
	totalCount: task.total_count,
	successCount: task.success_count,
	failCount: task.fail_count,
	failDetail: task.fail_detail.map((d: Task) => ({ row: d.row, rowNumberStart: d.row_number_start, rowNumberEnd: d.row_number_end, reason: d.fail_reason })),
});

/**
 * Whether a status read the node surely got (no fault, HTTP 200) asked for the task once it was
 * due to end: the emulator ends a due task before it answers, so that read said it had ended.
 */
const seenToEnd = (log: Row[], task: Task, delayMs: number) =>
	log.some((e) => e.path === STATUS_PATH && e.status === 200 && e.fault === null && (e.taskIds as string[]).includes(task.id) && (e.startedAt as number) >= task.createdAt + delayMs);

const TASK_ID = /[0-9a-f]{24}/g;

async function check(c: Case, emulator: Emulator) {
	const input = inputOf(c);
	const table = tableOf(c);
	const faults = [
		// A slow import reply holds back the later requests, so their tasks end later than the earlier ones.
		...(c.importFault ? [{ ...c.importFault, requests: c.importFault.requests ?? (c.importFault.kind === 'delayAfterImport' ? [2] : undefined), path: IMPORT_PATH }] : []),
		...(c.statusFault ? [{ ...c.statusFault, path: STATUS_PATH }] : []),
	];
	emulator.configure({ tables: [table], uniqueCheck: c.uniqueCheck, taskDelayMs: c.taskDelayMs, faults });
	emulator.reset();
	const options = { waitForCompletion: true, waitTimeout: c.waitTimeout, timeout: c.requestTimeout, batchSize: c.batchSize, maxRetries: c.maxRetries, retryDelay: 0, concurrency: c.concurrency, onInvalidRecord: c.onInvalidRecord };
	const parameters = { resource: 'tableData', operation: 'add', tableId: TABLE, columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] }, options };
	const started = Date.now();
	const result = await run(emulator, input.map((i) => i.item), parameters, c.continueOnFail ? { onError: 'continueRegularOutput' } : {});
	const tookMs = Date.now() - started;
	const log = emulator.requests.map((entry) => ({ ...entry }));

	// Let every task end (the emulator ends a task when it is due and looked at), then read the table.
	const lastDue = Math.max(0, ...emulator.tasks().map((t) => t.createdAt + c.taskDelayMs));
	await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastDue - Date.now()) + 5));
	const tasks = new Map(emulator.tasks().map((t) => [t.id as string, t]));
	expect([...tasks.values()].filter((t) => t.status === 'PENDING_PARSE')).toEqual([]);
	const rows = emulator.rows(TABLE);
	const rowsOf = (n: string) => rows.filter((row) => row.n === n);
	// Stored rows stay; every other row is an input item's, stored once (a re-send never doubles it).
	expect(rows.filter((row) => String(row.n).startsWith('s'))).toEqual(table.rows);
	for (const row of rows.filter((r) => !String(r.n).startsWith('s'))) {
		expect(Number(String(row.n).slice(1))).toBeLessThan(input.length);
		expect(rowsOf(String(row.n))).toHaveLength(1);
	}
	const storedRow = (i: number) => (c.kind === 'schemaless' ? input[i].item : withoutEmpty(input[i].item));

	if (result.error) {
		expect(c.continueOnFail).toBe(false); // with Continue On Fail nothing here stops the node
		checkStop(c, result, input, tasks, rows, log);
		await checkImportStatus(emulator, String(result.error.description).match(TASK_ID) ?? [], tasks, c.lookupFault);
		return;
	}
	expect(result.output).toHaveLength(input.length);
	const failOnInvalid = !c.continueOnFail && c.onInvalidRecord === 'fail';
	const asked: string[] = [];
	result.output.forEach(({ json, pairedItem }, i) => {
		expect(pairedItem?.item).toBe(i);
		const { nodeRule } = input[i];
		if (json.error === undefined) {
			expect(nodeRule).toBeUndefined();
			const task = tasks.get(json.taskId);
			expect(task).toBeDefined();
			asked.push(json.taskId);
			expect(withoutEmpty(json.values)).toEqual(withoutEmpty(input[i].item));
			const resent = /Sent again after the reply to an earlier attempt was lost/.test(json.note ?? '');
			if (json.status === 'AVAILABLE') {
				// Imported: the task ended so, and the item's row is in the table once, with its values.
				expect(json).toMatchObject(fieldsOf(task!));
				if (json.note !== undefined) expect(resent).toBe(true); // no note of a wait that ended
				expect(rowsOf(`i${i}`)).toEqual([storedRow(i)]);
				return;
			}
			// Still running at the timeout: said so, with why, and not seen to end by a read the node got.
			expect(json).toMatchObject({ status: 'PENDING_PARSE', finished: false, succeeded: false, note: expect.stringMatching(/wait timed out|Stopped waiting/) });
			if (/Still importing when the wait timed out/.test(json.note)) expect(tookMs).toBeGreaterThanOrEqual(c.waitTimeout * 1000 - 20);
			expect(seenToEnd(log, task!, c.taskDelayMs)).toBe(false);
			// How the task ends decides (a re-sent request's failed task may be the first attempt's rows stored).
			if (task!.status === 'AVAILABLE') expect(rowsOf(`i${i}`)).toEqual([storedRow(i)]);
			else if (!resent) expect(rowsOf(`i${i}`)).toEqual([]);
			return;
		}
		// An error item: its item, its input's fields, a rule, and nothing stored unless the rule allows it.
		expect(json).toMatchObject({ ...input[i].item, errorItemIndex: i });
		expect(json.error).toMatch(new RegExp(`^Item ${i}\\b`));
		expect(failOnInvalid).toBe(false); // Fail Before Sending stops the node instead
		if (nodeRule) expect(json.errorRule).toBe(nodeRule);
		else expect([...SERVER_RULES]).toContain(json.errorRule);
		if (!c.continueOnFail) expect(['request', 'notSent']).not.toContain(json.errorRule); // a failed request stops the node
		if (!MAY_BE_STORED.has(json.errorRule)) expect(rowsOf(`i${i}`)).toEqual([]);
		const taskId = /the import task ([0-9a-f]{24}) failed/.exec(json.error)?.[1];
		if (taskId) {
			expect(tasks.get(taskId)?.status).toBe('FAIL');
			asked.push(taskId);
		}
	});
	await checkImportStatus(emulator, asked, tasks, c.lookupFault);
}

/**
 * The node stopped (no Continue On Fail). Its description counts what is in the table: items
 * already imported (tasks it saw end AVAILABLE), accepted or still importing (their tasks'
 * rows), and those that may or may not be; every other task's rows are among the last.
 */
function checkStop(c: Case, result: RunResult, input: ReturnType<typeof inputOf>, tasks: Map<string, Task>, rows: Row[], log: Row[]) {
	const message = String(result.error!.message);
	const description = String(result.error!.description);
	const listed = (pattern: RegExp) => {
		const match = pattern.exec(description);
		return { items: Number(match?.[1] ?? 0), ids: match ? match[2].split(', ') : [] };
	};
	const imported = listed(/(\d+) item\(s\) were already imported \(task ids: ([0-9a-f, ]+)\)/);
	const accepted = listed(/(\d+) item\(s\) were accepted for import, which AltaTech finishes unless their task fails \(task ids: ([0-9a-f, ]+);/);
	const unfinished = listed(/(\d+) item\(s\) were sent and may still be imported: their tasks had not finished when the node stopped waiting \(task ids: ([0-9a-f, ]+)\)/);
	const maybe = Number(/(\d+) item\(s\) may or may not have been imported/.exec(description)?.[1] ?? 0);
	const ids = [...imported.ids, ...accepted.ids, ...unfinished.ids];
	expect(new Set(ids).size).toBe(ids.length);
	for (const id of ids) expect(tasks.has(id)).toBe(true);
	const sum = (taskIds: string[], count: string) => taskIds.reduce((n, id) => n + tasks.get(id)![count], 0);
	for (const id of imported.ids) expect(tasks.get(id)!.status).toBe('AVAILABLE');
	expect(sum(imported.ids, 'success_count')).toBe(imported.items);
	expect(sum(accepted.ids, 'total_count')).toBe(accepted.items);
	expect(sum(unfinished.ids, 'total_count')).toBe(unfinished.items);
	for (const id of unfinished.ids) expect(seenToEnd(log, tasks.get(id)!, c.taskDelayMs)).toBe(false);
	const unlisted = [...tasks.keys()].filter((id) => !ids.includes(id));
	expect(sum(unlisted, 'success_count')).toBeLessThanOrEqual(maybe);
	if (/Nothing was imported\./.test(description)) {
		expect(ids.length + maybe).toBe(0);
		expect(rows.filter((row) => !String(row.n).startsWith('s'))).toEqual([]);
	}
	// An item's task named as failed did fail.
	const failedTask = /^Item \d+: the import task ([0-9a-f]{24}) failed/.exec(message)?.[1];
	if (failedTask) expect(tasks.get(failedTask)?.status).toBe('FAIL');
	// Fail Before Sending with an item the node refuses: nothing was sent.
	if (c.onInvalidRecord === 'fail' && input.some((i) => i.nodeRule)) {
		expect(message).toMatch(/^Item \d+, field "(id|v)"/);
		expect(description).toMatch(/Nothing was imported\./);
		expect(log.filter((e) => e.path === IMPORT_PATH)).toEqual([]);
	}
}

/** Get Import Status for the ids the Add gave, once every task ended: one item per task, as the emulator holds it. */
async function checkImportStatus(emulator: Emulator, asked: string[], tasks: Map<string, Task>, lookupFault: string | undefined) {
	if (!asked.length) return;
	emulator.configure({ faults: lookupFault ? [{ kind: lookupFault, path: STATUS_PATH, requests: [1] }] : [] });
	const result = await run(emulator, asked.map((taskId) => ({ taskId })), { resource: 'tableData', operation: 'getImportStatus', taskIds: '={{ $json.taskId }}' });
	expect(result.error).toBeUndefined();
	const distinct = [...new Set(asked)];
	expect(result.output.map((o) => o.json)).toEqual(distinct.map((taskId) => ({ taskId, ...fieldsOf(tasks.get(taskId)!) })));
	expect(result.output.map((o) => o.pairedItem)).toEqual(distinct.map((taskId) => asked.flatMap((id, item) => (id === taskId ? [{ item }] : []))));
}

afterAll(() => shutdownN8nCore());

/**
 * Each case gets an emulator of its own: a request of an earlier case still being answered (a
 * delayed reply the node gave up on) could otherwise add a task to the next case's table.
 */
async function checkAlone(c: Case) {
	const emulator = await startTestEmulator();
	try {
		await check(c, emulator);
	} finally {
		await emulator.close();
	}
}

it('every item reports what the table holds once its import task ended, and Get Import Status agrees', async () => {
	await fc.assert(
		fc.asyncProperty(fc.array(caseArb, { minLength: LANES, maxLength: LANES }), async (cases) => {
			// Settled, not all: every case ends, and closes its emulator, before a failure is told.
			const settled = await Promise.allSettled(cases.map(checkAlone));
			const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
			if (failed) throw failed.reason;
		}),
		{ numRuns: NUM_RUNS, endOnFailure: process.env.TRACKING_PROPERTY_SHRINK !== '1' },
	);
}, NUM_RUNS * 20_000 + 60_000);

import { API_KEY, autoMapParameters, imports, people, run, TABLES, useTestEmulator, type Emulator } from './setup';

// Waiting for imports and reading their status when the status endpoint misbehaves, and the
// options that bound both (found by a fuzzer of these paths).

const STATUS_PATH = '/v1/database/query/import-results';
const statusPolls = (emulator: Emulator) => emulator.requests.filter((r) => r.path === STATUS_PATH);
const statusParameters = (taskIds: string, statusOptions: Record<string, unknown> = {}) => ({ resource: 'tableData', operation: 'getImportStatus', taskIds, statusOptions });
const waiting = (options: Record<string, unknown> = {}) => autoMapParameters('tbl_unique', { waitForCompletion: true, ...options });

const emulator = useTestEmulator({}, { taskDelayMs: 0, uniqueCheck: 'sync', tables: TABLES, faults: [] });

describe('a status reply that is not a list of tasks', () => {
	it('is a failed read for Get Import Status, not a finished task reported unknown', async () => {
		const imported = await run(emulator, people(3), autoMapParameters('tbl_unique'));
		const taskId = String(imported.output[0].json.taskId);
		// Once: the read is retried, and the task is found finished.
		emulator.configure({ faults: [{ kind: 'emptyReply', path: STATUS_PATH, requests: [1] }] });
		const retried = await run(emulator, [{}], statusParameters(taskId));
		expect(retried.output.map((o) => o.json)).toEqual([expect.objectContaining({ taskId, status: 'AVAILABLE', successCount: 3 })]);
		expect(statusPolls(emulator)).toHaveLength(2);

		// Every time: the node stops, saying what it got.
		emulator.configure({ faults: [{ kind: 'emptyReply', path: STATUS_PATH }] });
		const stopped = await run(emulator, [{}], statusParameters(taskId));
		expect(stopped.output).toEqual([]);
		expect(stopped.error?.message).toBe(
			`Reading the import status failed: AltaTech answered the status request with an empty body instead of a list of tasks (task ${taskId}, asked by item 0)`,
		);
		expect(statusPolls(emulator)).toHaveLength(2 + 4); // the read and its 3 retries
	}, 30_000);

	it('leaves a wait saying the status could not be read, not that the import was still running', async () => {
		emulator.configure({ faults: [{ kind: 'emptyReply', path: STATUS_PATH }] });
		const result = await run(emulator, people(2), waiting({ waitTimeout: 4, retryDelay: 0 }));
		expect(emulator.rows('tbl_unique')).toEqual(people(2));
		expect(result.output.map((o) => [o.json.status, o.json.note])).toEqual(
			people(2).map(() => ['PENDING_PARSE', expect.stringMatching(/^Stopped waiting: the status request kept failing \(AltaTech answered the status request with an empty body/)]),
		);
	}, 30_000);
});

describe('a task still running when the wait times out', () => {
	it('carries what the last status read said of it (progress, counts)', async () => {
		emulator.configure({ taskDelayMs: 8000 });
		const result = await run(emulator, people(3), waiting({ waitTimeout: 3 }));
		const [task] = (emulator as Emulator & { tasks(): Array<{ status: string; progress: number }> }).tasks();
		expect(task.status).toBe('PENDING_PARSE');
		expect(task.progress).toBeGreaterThan(0);
		expect(result.output.map((o) => o.json)).toEqual(
			people(3).map(() => expect.objectContaining({ status: 'PENDING_PARSE', totalCount: 3, progress: expect.any(Number), note: expect.stringMatching(/^Still importing when the wait timed out/) })),
		);
		expect(result.output[0].json.progress).toBeGreaterThan(0);
	}, 30_000);

	it('keeps the note that the request was sent again after a lost reply beside the task\'s own note', async () => {
		emulator.configure({ taskDelayMs: 8000, faults: [{ kind: 'reset', requests: [1] }] });
		const result = await run(emulator, people(2), waiting({ waitTimeout: 3, retryDelay: 0 }));
		expect(emulator.requests.filter((r) => r.path === '/v1/database/import/records')).toHaveLength(2);
		expect(result.output.map((o) => o.json.note)).toEqual(people(2).map(() => expect.stringMatching(/^Sent again after the reply to an earlier attempt was lost\..* Still importing when the wait timed out/)));
	}, 30_000);
});

describe('the node stopping before it waited', () => {
	it('says the items of accepted requests were accepted, not imported: their task may still fail', async () => {
		// "p1" is stored already; the table checks unique values while the task runs, so request 1's task fails.
		const tables = TABLES.map((table) => (table.id === 'tbl_unique' ? { ...table, rows: [{ id: 'p1' }] } : table));
		emulator.configure({ uniqueCheck: 'async', tables, faults: [{ kind: 'http500', path: '/v1/database/import/records', requests: [2, 3, 4, 5] }] });
		emulator.reset({ keepTables: false });
		const result = await run(emulator, people(4), waiting({ batchSize: 2, retryDelay: 0 }));
		expect(imports(emulator).map((r) => r.status)).toEqual([200, 500, 500, 500, 500]);
		expect(statusPolls(emulator)).toEqual([]);
		expect(result.error?.description).toMatch(/2 item\(s\) were accepted for import, which AltaTech finishes unless their task fails \(task ids: \w{24}; Get Import Status tells\)/);
		expect(result.error?.description).not.toMatch(/already imported/);
	}, 30_000);
});

describe('number options an expression gives as text', () => {
	it('reads text of a number, and stops on text that is none, naming the option, before anything is sent', async () => {
		const read = await run(emulator, people(2), waiting({ waitTimeout: '={{ "30" }}', timeout: '={{ " 20 " }}' }));
		expect(read.error).toBeUndefined();
		expect(read.output.map((o) => o.json.status)).toEqual(['AVAILABLE', 'AVAILABLE']);

		emulator.reset();
		const wrong = await run(emulator, people(2), waiting({ waitTimeout: '={{ "10s" }}' }));
		expect(wrong.error?.message).toBe('Import Results Timeout (Seconds) must be a number from 1 to 604,800, not "10s"');
		const computed = await run(emulator, people(2), waiting({ waitTimeout: '={{ Number("x") }}' }));
		expect(computed.error?.message).toBe('Import Results Timeout (Seconds) must be a number from 1 to 604,800, not NaN');
		const timeout = await run(emulator, people(2), autoMapParameters('tbl_unique', { timeout: '={{ "2m" }}' }));
		expect(timeout.error?.message).toBe('Request Timeout (Seconds) must be a number from 1 to 3,600, not "2m"');
		expect(emulator.requests).toEqual([]);
	}, 30_000);
});

describe('Get Import Status: its time limit', () => {
	it('ends a lookup whose server never answers at its Timeout, naming the task and the item', async () => {
		emulator.configure({ faults: [{ kind: 'delayAfterImport', path: STATUS_PATH, delayMs: 600_000 }] });
		const started = Date.now();
		const result = await run(emulator, [{}, { taskId: 'aaaaaaaaaaaaaaaaaaaaaaaa' }], statusParameters('={{ $json.taskId ?? "bbbbbbbbbbbbbbbbbbbbbbbb" }}', { timeout: 3 }));
		const took = Date.now() - started;
		expect(took).toBeLessThan(8000);
		expect(result.error?.message).toMatch(/^Reading the import status failed: AltaTech did not answer within 3 s, after the request was sent \(tasks bbbbbbbbbbbbbbbbbbbbbbbb, aaaaaaaaaaaaaaaaaaaaaaaa, asked by item 0\)$/);
		expect(JSON.stringify(result)).not.toContain(API_KEY);
	}, 30_000);

	it('takes an empty Timeout for the default, and stops on one that is no number', async () => {
		const empty = await run(emulator, [{}], statusParameters('aaaaaaaaaaaaaaaaaaaaaaaa', { timeout: '={{ "" }}' }));
		expect(empty.output.map((o) => o.json.status)).toEqual(['NOT_FOUND']);
		const wrong = await run(emulator, [{}], statusParameters('aaaaaaaaaaaaaaaaaaaaaaaa', { timeout: '={{ "1m" }}' }));
		expect(wrong.error?.message).toBe('Timeout (Seconds) must be a number from 1 to 3,600, not "1m"');
	});

	it('does not wait out a Retry-After longer than its Timeout', async () => {
		emulator.configure({ faults: [{ kind: 'http429', path: STATUS_PATH, retryAfter: 120 }] });
		const started = Date.now();
		const result = await run(emulator, [{}], statusParameters('aaaaaaaaaaaaaaaaaaaaaaaa', { timeout: 2 }), { onError: 'continueRegularOutput' });
		expect(Date.now() - started).toBeLessThan(6000);
		expect(statusPolls(emulator)).toHaveLength(1);
		expect(result.output.map((o) => o.json.error)).toEqual([expect.stringMatching(/^Task aaaaaaaaaaaaaaaaaaaaaaaa: reading its import status failed: /)]);
	}, 30_000);
});

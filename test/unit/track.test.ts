import { pendingStatus, waitForTasks, type TaskStatus } from '../../nodes/AltaTech/core/track';

function fakeClock() {
	let time = 0;
	const sleeps: number[] = [];
	return { sleeps, now: () => time, sleep: async (ms: number) => void (sleeps.push(ms), (time += ms)) };
}
const done = (taskId: string, status: 'AVAILABLE' | 'FAIL' = 'AVAILABLE'): TaskStatus => ({ ...pendingStatus(taskId), status, progress: 100 });

describe('waiting for import tasks', () => {
	it('polls all tasks in one call per round, with a backoff from 1 s capped at 10 s', async () => {
		const clock = fakeClock();
		const calls: string[][] = [];
		const result = await waitForTasks(['a', 'b', 'a'], {
			...clock,
			timeoutMs: 300_000,
			fetchStatuses: async (ids) => {
				calls.push(ids);
				if (calls.length < 8) return ids.map((id) => pendingStatus(id));
				return ids.map((id) => done(id, id === 'b' ? 'FAIL' : 'AVAILABLE'));
			},
		});
		expect(calls[0]).toEqual(['a', 'b']);
		expect(clock.sleeps).toEqual([1000, 1500, 2250, 3375, 5063, 7595, 10000, 10000]);
		expect([...result.values()].map((s) => [s.taskId, s.status])).toEqual([
			['a', 'AVAILABLE'],
			['b', 'FAIL'],
		]);
	});

	it('stops asking for tasks that are done', async () => {
		const clock = fakeClock();
		const calls: string[][] = [];
		await waitForTasks(['a', 'b'], {
			...clock,
			timeoutMs: 60_000,
			fetchStatuses: async (ids) => (calls.push(ids), ids.map((id) => (id === 'a' || calls.length > 2 ? done(id) : pendingStatus(id)))),
		});
		expect(calls).toEqual([['a', 'b'], ['b'], ['b']]);
	});

	it('reports tasks still running at the timeout as PENDING_PARSE, without failing them', async () => {
		const clock = fakeClock();
		const result = await waitForTasks(['slow'], { ...clock, timeoutMs: 5000, fetchStatuses: async (ids) => ids.map((id) => pendingStatus(id)) });
		expect(clock.now()).toBe(5000);
		expect(result.get('slow')).toMatchObject({ status: 'PENDING_PARSE', note: expect.stringMatching(/timed out/) });
	});

	it('tells each status read how long it may take: the time left, and 5 s more for the last poll', async () => {
		const clock = fakeClock();
		const left: number[] = [];
		await waitForTasks(['slow'], {
			...clock,
			timeoutMs: 5000,
			fetchStatuses: async (ids, timeLeftMs) => (left.push(timeLeftMs()), ids.map((id) => pendingStatus(id))),
		});
		expect(left).toEqual([9000, 7500, 5250, 5000]);
	});

	it('keeps the statuses a poll read before one of its requests failed', async () => {
		const clock = fakeClock();
		const result = await waitForTasks(['a', 'b'], {
			...clock,
			timeoutMs: 1000,
			fetchStatuses: async () => ({ failure: { message: 'AltaTech did not answer within 5 s' }, partial: [done('a', 'FAIL')] }),
		});
		expect(result.get('a')).toMatchObject({ status: 'FAIL' });
		expect(result.get('b')).toMatchObject({ status: 'PENDING_PARSE', note: expect.stringMatching(/^The wait timed out and its last status request failed \(AltaTech did not answer within 5 s\)/) });
	});

	it('gives up after three failed polls in a row and says why', async () => {
		const clock = fakeClock();
		const result = await waitForTasks(['x'], { ...clock, timeoutMs: 60_000, fetchStatuses: async () => ({ failure: { message: 'HTTP 500' } }) });
		expect(clock.sleeps).toHaveLength(3);
		expect(result.get('x')).toMatchObject({ status: 'PENDING_PARSE', note: 'Stopped waiting: the status request kept failing (HTTP 500)' });
	});
});

describe('folding task outcomes into the report', () => {
	const { buildReport, itemStatuses } = require('../../nodes/AltaTech/core/report');
	const { applyTaskResults } = require('../../nodes/AltaTech/core/track');
	const batch = { number: 1, records: [{ a: 1 }, { a: 2 }, { a: 3 }], itemIndexes: [4, 5, 6], csvBytes: 10 };

	it('fails the item whose row AltaTech dropped, and only that one', () => {
		const report = buildReport([], [{ batch, taskId: 't1' }]);
		const task = { ...done('t1'), successCount: 2, failCount: 1, failDetail: [{ row: 2, rowNumberStart: 0, rowNumberEnd: 0, reason: 'bad INT' }] };
		const folded = applyTaskResults(report, new Map([['t1', task]]));
		expect(itemStatuses(folded).map((i: any) => [i.itemIndex, i.status, i.rule])).toEqual([
			[4, 'submitted', undefined],
			[5, 'failed', 'rowDropped'],
			[6, 'submitted', undefined],
		]);
		expect(folded.stats).toMatchObject({ submitted: 2, failed: 1 });
	});

	it('fails no item of a task still running, whatever failures its last read showed', () => {
		const report = buildReport([], [{ batch, taskId: 't1' }]);
		const running = { ...done('t1'), status: 'PENDING_PARSE', progress: 50, successCount: 1, failCount: 1, failDetail: [{ row: 2, rowNumberStart: 0, rowNumberEnd: 0, reason: 'bad INT' }] };
		const folded = applyTaskResults(report, new Map([['t1', running]]));
		expect(folded.failures).toEqual([]);
		expect(folded.stats).toMatchObject({ submitted: 3, failed: 0 });
	});

	it('fails a row named twice in fail_detail once', () => {
		const report = buildReport([], [{ batch, taskId: 't1' }]);
		const twice = [1, 2].map(() => ({ row: 3, rowNumberStart: 0, rowNumberEnd: 0, reason: 'bad INT' }));
		const folded = applyTaskResults(report, new Map([['t1', { ...done('t1'), failDetail: twice }]]));
		expect(folded.failures.map((f: any) => f.itemIndex)).toEqual([6]);
		expect(folded.stats).toMatchObject({ submitted: 2, failed: 1 });
	});

	it('fails every item of a FAIL task', () => {
		const report = buildReport([], [{ batch, taskId: 't1' }]);
		const folded = applyTaskResults(report, new Map([['t1', { ...done('t1', 'FAIL'), failDetail: [{ row: null, rowNumberStart: 1, rowNumberEnd: 3, reason: 'conflict' }] }]]));
		expect(itemStatuses(folded).map((i: any) => [i.itemIndex, i.status, i.rule])).toEqual([
			[4, 'failed', 'importFailed'],
			[5, 'failed', 'importFailed'],
			[6, 'failed', 'importFailed'],
		]);
		expect(folded.failures.every((f: any) => /conflict$/.test(f.problem.message))).toBe(true);
		expect(folded.stats).toMatchObject({ items: 3, submitted: 0, failed: 3 });
	});

	const { makeBatch } = require('../../nodes/AltaTech/core/batch');

	/** One accepted request of `rows` items (item i is row i + 1), and its task's status. */
	function fold(rows: number, status: Partial<TaskStatus>, accepted: Record<string, unknown> = {}) {
		const batch = makeBatch(1, Array.from({ length: rows }, (_, i) => ({ n: i })), Array.from({ length: rows }, (_, i) => i));
		const report = buildReport([], [{ batch, taskId: 't1', ...accepted }]);
		const task = { ...done('t1'), totalCount: rows, ...status };
		const folded = applyTaskResults(report, new Map([['t1', task]]));
		const statuses: Array<{ itemIndex: number; rule?: string }> = itemStatuses(folded);
		return { folded, failed: statuses.filter((s) => s.rule).map((s) => [s.itemIndex, s.rule]) };
	}
	const detail = (row: number, reason = 'bad value') => ({ row, rowNumberStart: 0, rowNumberEnd: 0, reason });

	it('fails the rows a task names, and only those when it names every dropped row', () => {
		const { failed, folded } = fold(25, { failCount: 2, failDetail: [detail(3), detail(14)] });
		expect(failed).toEqual([[2, 'rowDropped'], [13, 'rowDropped']]);
		expect(folded.stats).toMatchObject({ submitted: 23, failed: 2 });
	});

	it('when a task dropped more rows than it names, flags the rows after each named one in its 10', () => {
		// AltaTech names the first failure of each 10 rows: the third dropped row is one of rows 4-10.
		const { failed, folded } = fold(25, { failCount: 3, failDetail: [detail(3), detail(14)] });
		expect(failed).toEqual([
			[2, 'rowDropped'],
			...[3, 4, 5, 6, 7, 8, 9].map((i) => [i, 'rowMaybeDropped']),
			[13, 'rowDropped'],
			...[14, 15, 16, 17, 18, 19].map((i) => [i, 'rowMaybeDropped']),
		]);
		expect(folded.stats).toMatchObject({ submitted: 25 - 15, failed: 15 });
		const message = folded.failures.find((f: { itemIndex: number }) => f.itemIndex === 3).problem.message;
		expect(message).toMatch(/may not have been added: the import task t1 dropped 3 row\(s\) but named only 2 .*check the table/);
	});

	it('flags every row when a task dropped rows but names none', () => {
		const { failed } = fold(4, { failCount: 1, failDetail: [] });
		expect(failed).toEqual([0, 1, 2, 3].map((i) => [i, 'rowMaybeDropped']));
	});

	it('flags the range of an entry that names no row, and the rows after a named one', () => {
		const unplaced = { row: null, rowNumberStart: 15, rowNumberEnd: 16, reason: 'bad rows' };
		const { failed } = fold(20, { failCount: 3, failDetail: [detail(3), unplaced] });
		expect(failed).toEqual([
			[2, 'rowDropped'],
			...[3, 4, 5, 6, 7, 8, 9, 14, 15].map((i) => [i, 'rowMaybeDropped']),
		]);
	});

	it('a re-send whose task fails for another reason, or is accepted, reads as usual', () => {
		expect(fold(2, { status: 'FAIL', failCount: 2, failDetail: [detail(1, 'table not found')] }, { resentAfterUnknown: true }).failed).toEqual([
			[0, 'importFailed'],
			[1, 'importFailed'],
		]);
		expect(fold(3, { failCount: 1, failDetail: [detail(2, 'bad INT')] }, { resentAfterUnknown: true }).failed).toEqual([[1, 'rowDropped']]);
	});

	it('a re-send after a lost reply whose task fails on duplicates is reported as maybe imported, not as failed', () => {
		const { failed, folded } = fold(2, { status: 'FAIL', failCount: 2, failDetail: [detail(1, 'Duplicate entry')] }, { resentAfterUnknown: true });
		expect(failed).toEqual([[0, 'outcomeUnknown'], [1, 'outcomeUnknown']]);
		expect(folded.failures[0].problem.message).toMatch(/failed on AltaTech.*Duplicate entry\. This request was sent again after the reply to an earlier attempt was lost: that attempt may have imported the rows \(or some were stored before\); check the table$/);
	});
});

import { runMessages } from '../../nodes/AltaTech/core/messages';
import { buildReport, visitItems } from '../../nodes/AltaTech/core/report';
import { applyTaskResults, readTaskStatus, waitForTasks, type ImportReport, type TaskStatus } from '../../nodes/AltaTech/core/track';
import { taskStatus } from './steps';

function fakeClock() {
	let time = 0;
	const sleeps: number[] = [];
	return { sleeps, now: () => time, sleep: async (ms: number) => void (sleeps.push(ms), (time += ms)) };
}
const done = (taskId: string, status: 'AVAILABLE' | 'FAIL' = 'AVAILABLE'): TaskStatus => taskStatus(taskId, { status, progress: 100 });

describe('waiting for import tasks', () => {
	it('polls all tasks in one call per round, with a backoff from 1 s capped at 10 s', async () => {
		const clock = fakeClock();
		const calls: string[][] = [];
		const result = await waitForTasks(['a', 'b', 'a'], {
			...clock,
			timeoutMs: 300_000,
			fetchStatuses: async (ids) => {
				calls.push(ids);
				if (calls.length < 8) return ids.map((id) => taskStatus(id));
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
			fetchStatuses: async (ids) => (calls.push(ids), ids.map((id) => (id === 'a' || calls.length > 2 ? done(id) : taskStatus(id)))),
		});
		expect(calls).toEqual([['a', 'b'], ['b'], ['b']]);
	});

	it('stops waiting for a task the server no longer knows, or never knew, and says so instead of "still importing"', async () => {
		const clock = fakeClock();
		const calls: string[][] = [];
		const result = await waitForTasks(['gone', 'never', 'late', 'ok'], {
			...clock,
			timeoutMs: 300_000,
			fetchStatuses: async (ids) => {
				calls.push(ids);
				const round = calls.length;
				// "gone" is seen running, then missing; "never" is never answered; "late" shows up on the second read.
				return ids.flatMap((id) => (id === 'gone' && round === 1 ? [taskStatus(id, { progress: 20 })] : id === 'late' && round >= 2 ? [done(id)] : id === 'ok' && round >= 4 ? [done(id)] : id === 'ok' ? [taskStatus(id)] : []));
			},
		});
		expect(calls).toEqual([['gone', 'never', 'late', 'ok'], ['gone', 'never', 'late', 'ok'], ['never', 'ok'], ['ok']]);
		expect(result.get('gone')).toMatchObject({ status: 'PENDING_PARSE', progress: 20, note: expect.stringMatching(/^AltaTech knows no import task with this id/) });
		expect(result.get('never')).toMatchObject({ status: 'PENDING_PARSE', note: expect.stringMatching(/^AltaTech knows no import task with this id/) });
		expect(result.get('late')).toMatchObject({ status: 'AVAILABLE' });
		expect(result.get('ok')).toMatchObject({ status: 'AVAILABLE' });
		expect(clock.now()).toBeLessThan(10_000);
	});

	it('reports tasks still running at the timeout as PENDING_PARSE, without failing them', async () => {
		const clock = fakeClock();
		const result = await waitForTasks(['slow'], { ...clock, timeoutMs: 5000, fetchStatuses: async (ids) => ids.map((id) => taskStatus(id)) });
		expect(clock.now()).toBe(5000);
		expect(result.get('slow')).toMatchObject({ status: 'PENDING_PARSE', note: expect.stringMatching(/timed out/) });
	});

	it('tells each status read how long it may take: the time left, and 5 s more for the last poll', async () => {
		const clock = fakeClock();
		const left: number[] = [];
		await waitForTasks(['slow'], {
			...clock,
			timeoutMs: 5000,
			fetchStatuses: async (ids, timeLeftMs) => (left.push(timeLeftMs()), ids.map((id) => taskStatus(id))),
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

describe('waiting for import tasks when the execution is stopped', () => {
	it('polls no more, and reports the tasks not finished as still running', async () => {
		const clock = fakeClock();
		let cancelled = false;
		let polls = 0;
		const result = await waitForTasks(['a', 'b'], {
			...clock,
			timeoutMs: 300_000,
			isCancelled: () => cancelled,
			fetchStatuses: async (ids) => {
				polls++;
				cancelled = true;
				return ids.map((id) => (id === 'a' ? done(id) : taskStatus(id)));
			},
		});
		expect(polls).toBe(1);
		expect(clock.sleeps).toEqual([1000]);
		expect([...result.values()].map((s) => [s.taskId, s.status])).toEqual([['a', 'AVAILABLE'], ['b', 'PENDING_PARSE']]);
		// Stopped before the first poll: nothing is read at all.
		const none = await waitForTasks(['c'], { ...fakeClock(), timeoutMs: 300_000, isCancelled: () => true, fetchStatuses: async () => (polls++, []) });
		expect(polls).toBe(1);
		expect(none.get('c')).toMatchObject({ status: 'PENDING_PARSE' });
	});
});

describe('folding task outcomes into the report', () => {
	/** One accepted request of `rows` items (item i is row i + 1, or itemIndexes[i]), and its task's status. */
	function fold(rows: number, status: Partial<TaskStatus>, { afterLostReply = false, itemIndexes = Array.from({ length: rows }, (_, i) => i) } = {}) {
		const batch = { number: 1, records: itemIndexes.map((n) => ({ n })), itemIndexes, bytes: 0 };
		const report: ImportReport = buildReport([], [{ kind: 'accepted', batch, accepted: { reply: { taskId: 't1' } }, afterLostReply, retries: 0, durationMs: 0 }]);
		const task: TaskStatus = { ...done('t1'), totalCount: rows, ...status };
		const folded = applyTaskResults(report, new Map([['t1', task]]));
		const failed: Array<[number, string]> = [];
		visitItems(folded, { written: () => undefined, failed: (p) => failed.push([p.itemIndex, p.rule]) });
		return { folded, failed: failed.sort(([a], [b]) => a - b) };
	}
	const detail = (row: number, reason = 'bad value') => ({ row, rowNumberStart: 0, rowNumberEnd: 0, reason });

	it('fails the item whose row AltaTech dropped, and only that one', () => {
		const { failed, folded } = fold(3, { successCount: 2, failCount: 1, failDetail: [detail(2, 'bad INT')] }, { itemIndexes: [4, 5, 6] });
		expect(failed).toEqual([[5, 'rowDropped']]);
		expect(folded.failures[0].message).toContain('bad INT');
		expect(folded.stats).toMatchObject({ items: 3, written: 2, failed: 1 });
	});

	it('fails no item of a task still running, whatever failures its last read showed', () => {
		const { failed, folded } = fold(3, { status: 'PENDING_PARSE', progress: 50, successCount: 1, failCount: 1, failDetail: [detail(2)] });
		expect(failed).toEqual([]);
		expect(folded.stats).toMatchObject({ written: 3, failed: 0 });
	});

	it('leaves a report alone for tasks it has no status of', () => {
		const batch = { number: 1, records: [{ n: 0 }], itemIndexes: [0], bytes: 0 };
		const report: ImportReport = buildReport([], [{ kind: 'accepted', batch, accepted: { reply: { taskId: 'other' } }, afterLostReply: false, retries: 0, durationMs: 0 }]);
		expect(applyTaskResults(report, new Map([['t1', done('t1', 'FAIL')]]))).toBe(report);
	});

	it('fails a row named twice in fail_detail once', () => {
		const { failed, folded } = fold(3, { failCount: 1, failDetail: [detail(3), detail(3)] }, { itemIndexes: [4, 5, 6] });
		expect(failed).toEqual([[6, 'rowDropped']]);
		expect(folded.stats).toMatchObject({ written: 2, failed: 1 });
	});

	it('fails every item of a FAIL task', () => {
		const { failed, folded } = fold(3, { status: 'FAIL', failDetail: [{ row: null, rowNumberStart: 1, rowNumberEnd: 3, reason: 'conflict' }] }, { itemIndexes: [4, 5, 6] });
		expect(failed).toEqual([[4, 'importFailed'], [5, 'importFailed'], [6, 'importFailed']]);
		expect(folded.failures.every((f) => f.message === runMessages.taskFailed('t1', 'conflict'))).toBe(true);
		expect(folded.stats).toMatchObject({ items: 3, written: 0, failed: 3 });
	});

	it("gives each item of a FAIL task the reason named for its own row, else the task's first", () => {
		const { folded } = fold(12, { status: 'FAIL', failCount: 12, failDetail: [detail(1, 'row one bad'), detail(12, 'row twelve bad')] });
		const reasons = folded.failures.map((f) => f.message);
		expect(reasons[0]).toBe(runMessages.taskFailed('t1', 'row one bad'));
		expect(reasons[5]).toBe(runMessages.taskFailed('t1', 'row one bad'));
		expect(reasons[11]).toBe(runMessages.taskFailed('t1', 'row twelve bad'));
		expect(fold(2, { status: 'FAIL', failDetail: [] }).folded.failures[0].message).toBe(runMessages.taskFailed('t1', 'no reason given'));
		// A conflict named for a range of rows (as a stored unique value is) is told to the rows in it.
		const ranged = fold(15, { status: 'FAIL', failDetail: [{ row: null, rowNumberStart: 1, rowNumberEnd: 10, reason: 'k0 stored' }, { row: null, rowNumberStart: 11, rowNumberEnd: 15, reason: 'k1 stored' }] });
		expect([2, 12].map((i) => ranged.folded.failures[i].message)).toEqual([runMessages.taskFailed('t1', 'k0 stored'), runMessages.taskFailed('t1', 'k1 stored')]);
	});

	it('fails the rows a task names, and only those when it names every dropped row', () => {
		const { failed, folded } = fold(25, { failCount: 2, failDetail: [detail(3), detail(14)] });
		expect(failed).toEqual([[2, 'rowDropped'], [13, 'rowDropped']]);
		expect(folded.stats).toMatchObject({ written: 23, failed: 2 });
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
		expect(folded.stats).toMatchObject({ written: 25 - 15, failed: 15 });
		expect(folded.failures.find((f) => f.itemIndex === 3)?.message).toBe(runMessages.rowMaybeDropped('t1', 3, 2, 10));
	});

	it('flags every row when a task dropped rows but names none', () => {
		expect(fold(4, { failCount: 1, failDetail: [] }).failed).toEqual([0, 1, 2, 3].map((i) => [i, 'rowMaybeDropped']));
	});

	it('flags the range of an entry that names no row, and the rows after a named one', () => {
		const unplaced = { row: null, rowNumberStart: 15, rowNumberEnd: 16, reason: 'bad rows' };
		expect(fold(20, { failCount: 3, failDetail: [detail(3), unplaced] }).failed).toEqual([
			[2, 'rowDropped'],
			...[3, 4, 5, 6, 7, 8, 9, 14, 15].map((i) => [i, 'rowMaybeDropped']),
		]);
		// A row beyond the request places nothing: every row may be the dropped one.
		expect(fold(3, { failCount: 1, failDetail: [detail(9)] }).failed).toEqual([0, 1, 2].map((i) => [i, 'rowMaybeDropped']));
	});

	it('reads a finished task whose counts leave more rows dropped than it names, as rows that may be missing', () => {
		// 20 rows, 18 added, fail count missing (0): the two unnamed drops may be any of the 20 rows.
		expect(fold(20, { totalCount: 20, successCount: 18, failCount: 0 }).failed).toEqual(Array.from({ length: 20 }, (_, i) => [i, 'rowMaybeDropped']));
		// Counts that agree, with nothing dropped: nothing reported.
		expect(fold(20, { totalCount: 20, successCount: 20, failCount: 0 }).failed).toEqual([]);
		// A success count of 0 in a task that added rows is taken for a missing field, not for 20 drops.
		expect(fold(20, { totalCount: 20, successCount: 0, failCount: 0 }).failed).toEqual([]);
	});

	it('a re-send after a lost reply whose task is accepted reads as usual', () => {
		expect(fold(3, { failCount: 1, failDetail: [detail(2, 'bad INT')] }, { afterLostReply: true }).failed).toEqual([[1, 'rowDropped']]);
	});

	it('a re-send after a lost reply whose task fails is reported as possibly stored, whatever the reason', () => {
		for (const reason of ['Duplicate entry', 'table not found']) {
			const { failed, folded } = fold(2, { status: 'FAIL', failCount: 2, failDetail: [detail(1, reason)] }, { afterLostReply: true });
			expect(failed).toEqual([[0, 'outcomeUnknown'], [1, 'outcomeUnknown']]);
			expect(folded.failures[0].message).toBe(runMessages.taskFailedAfterLostReply(runMessages.taskFailed('t1', reason)));
		}
	});
});

describe('reading a status the API gives', () => {
	it('takes the API names into ours, a status it does not know as still running', () => {
		const raw = { id: 't1', status: 'AVAILABLE', progress: 100, total_count: 3, success_count: 2, fail_count: 1, fail_detail: [{ row: 2, row_number_start: 1, row_number_end: 10, fail_reason: 'bad' }, { fail_reason: 'x' }] };
		expect(readTaskStatus(raw)).toEqual({
			taskId: 't1',
			status: 'AVAILABLE',
			progress: 100,
			totalCount: 3,
			successCount: 2,
			failCount: 1,
			failDetail: [{ row: 2, rowNumberStart: 1, rowNumberEnd: 10, reason: 'bad' }, { row: null, rowNumberStart: 0, rowNumberEnd: 0, reason: 'x' }],
		});
		expect(readTaskStatus({ id: 't2', status: 'PARSING' })).toMatchObject({ status: 'PENDING_PARSE', failDetail: [] });
	});

	it('reads a row number given as text, and no row from what is not a whole number', () => {
		const rows = readTaskStatus({ id: 't1', status: 'AVAILABLE', fail_detail: [{ row: '2' }, { row: ' 3 ' }, { row: '2.5' }, { row: 'x' }, { row: null }] }).failDetail.map((d) => d.row);
		expect(rows).toEqual([2, 3, null, null, null]);
	});
});

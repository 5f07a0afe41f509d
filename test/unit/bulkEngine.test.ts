import { bisect, MAX_BISECT_REQUESTS, type BisectState } from '../../nodes/AltaTech/core/bulk/bisect';
import { runBulk, type BulkOptions } from '../../nodes/AltaTech/core/bulk/engine';
import type { Batch, Outcome, SendResult } from '../../nodes/AltaTech/core/bulk/outcome';
import { BatchPlanner, halvesOf, type RequestLimits } from '../../nodes/AltaTech/core/bulk/plan';
import type { ApiFailure } from '../../nodes/AltaTech/core/apiErrors';

/** Records are texts; a request's size is the sum of their lengths. */
const limits = (maxRecords: number, maxBytes = Infinity): RequestLimits<string> => ({
	maxRecords,
	maxBytes,
	newMeter: (max) => {
		let bytes = 0;
		return {
			get bytes() {
				return bytes;
			},
			tryAdd: (record: string) => (bytes + record.length <= max ? ((bytes += record.length), true) : false),
		};
	},
});

function plan(records: string[], maxRecords: number, maxBytes = Infinity): Array<Batch<string>> {
	const planner = new BatchPlanner(limits(maxRecords, maxBytes));
	records.forEach((record, itemIndex) => expect(planner.add(itemIndex, record)).toBe(true));
	return planner.finish();
}

const refusal: ApiFailure = { message: 'The API rejected the request (parameter error)', code: 40000, serverMessage: 'bad record' };
const serverError: ApiFailure = { message: 'AltaTech had an internal error', code: 50000, retryable: true };
const lost: ApiFailure = { message: 'AltaTech did not answer', outcomeUnknown: true };

/**
 * An in-memory server and a fake clock: `answer` decides each request from its records; time
 * moves only when the engine sleeps, so no test races the wall clock.
 */
function harness(answer: (records: string[], attempt: number) => SendResult<string>, options: Partial<BulkOptions<string, string>> = {}) {
	let time = 0;
	const sent: string[][] = [];
	const sleeps: number[] = [];
	const attempts = new Map<string, number>();
	const bulk: BulkOptions<string, string> = {
		async send(batch) {
			sent.push(batch.records);
			const key = batch.records.join(',');
			const attempt = attempts.get(key) ?? 0;
			attempts.set(key, attempt + 1);
			await Promise.resolve();
			return answer(batch.records, attempt);
		},
		halves: halvesOf(limits(1000)),
		resendAfterLostReply: false,
		stopOnFailure: true,
		stopOnRefusal: false,
		concurrency: 1,
		intervalMs: 0,
		retry: { maxRetries: 3, baseDelayMs: 100 },
		clock: {
			now: () => time,
			sleep: async (ms) => {
				sleeps.push(ms);
				time += ms;
			},
		},
		isCancelled: () => false,
		...options,
	};
	return { bulk, sent, sleeps, now: () => time };
}

const ok = (records: string[]): SendResult<string> => ({ ok: true, accepted: { reply: `task-${records[0]}` } });
const kinds = (outcomes: Array<Outcome<string, string>>) => outcomes.map((o) => `${o.kind}:${o.batch.records.join(',')}`);

describe('BatchPlanner', () => {
	it('splits by record count and by bytes, keeping order and item indexes', () => {
		const batches = plan(['aa', 'bb', 'cc', 'dd', 'ee'], 2);
		expect(batches.map((b) => b.records)).toEqual([['aa', 'bb'], ['cc', 'dd'], ['ee']]);
		expect(batches.map((b) => b.itemIndexes)).toEqual([[0, 1], [2, 3], [4]]);
		expect(plan(['aaa', 'bbb', 'c', 'dddd'], 10, 5).map((b) => [b.records, b.bytes])).toEqual([
			[['aaa'], 3],
			[['bbb', 'c'], 4],
			[['dddd'], 4],
		]);
	});

	it('leaves out a record too large to go alone, its neighbours unaffected', () => {
		const planner = new BatchPlanner(limits(10, 4));
		expect(planner.add(0, 'ab')).toBe(true);
		expect(planner.add(1, 'toolarge')).toBe(false);
		expect(planner.add(2, 'cd')).toBe(true);
		expect(planner.finish().map((b) => b.itemIndexes)).toEqual([[0], [2]]);
	});
});

describe('bisect', () => {
	const halves = halvesOf(limits(1000));
	const refusedBatch = (records: string[]) => ({ kind: 'refused' as const, batch: { number: 1, records, itemIndexes: records.map((_, i) => i), bytes: 0 }, failure: refusal, afterLostReply: false, retries: 0, durationMs: 0 });
	const sender = (bad: Set<string>, log: string[][]) => async (part: Batch<string>): Promise<Outcome<string, string>> => {
		log.push(part.records);
		const refused = part.records.some((r) => bad.has(r));
		return refused ? { ...refusedBatch(part.records), batch: part } : { kind: 'accepted', batch: part, accepted: { reply: 't' }, afterLostReply: false, retries: 0, durationMs: 0 };
	};

	it('in split mode finds each refused record and sends every other record', async () => {
		const log: string[][] = [];
		const records = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
		const state: BisectState = { mode: 'split', budget: MAX_BISECT_REQUESTS };
		const outcomes = await bisect(refusedBatch(records), state, sender(new Set(['c', 'h']), log), halves);
		expect(kinds(outcomes)).toEqual(['accepted:a,b', 'refused:c', 'accepted:d', 'accepted:e,f', 'accepted:g', 'refused:h']);
		expect(state.budget).toBe(MAX_BISECT_REQUESTS - log.length);
	});

	it('stops when the budget runs out: the parts left are refused together', async () => {
		const log: string[][] = [];
		const records = Array.from({ length: 16 }, (_, i) => `r${i}`);
		const state: BisectState = { mode: 'split', budget: 4 };
		const outcomes = await bisect(refusedBatch(records), state, sender(new Set(records), log), halves);
		expect(log.length).toBe(4);
		expect(outcomes.every((o) => o.kind === 'refused')).toBe(true);
		expect(outcomes.flatMap((o) => o.batch.records)).toEqual(records);
		expect(outcomes.some((o) => o.batch.records.length > 1)).toBe(true);
	});

	it('in probe mode sends two halves, and splits on only when a half goes', async () => {
		const log: string[][] = [];
		const allBad = await bisect(refusedBatch(['a', 'b', 'c', 'd']), { mode: 'probe', budget: 100 }, sender(new Set(['a', 'b', 'c', 'd']), log), halves);
		expect(log.length).toBe(2);
		expect(kinds(allBad)).toEqual(['refused:a,b', 'refused:c,d']);

		const state: BisectState = { mode: 'probe', budget: 100 };
		const mixed = await bisect(refusedBatch(['a', 'b', 'c', 'd']), state, sender(new Set(['a']), []), halves);
		expect(state.mode).toBe('split');
		expect(kinds(mixed)).toEqual(['refused:a', 'accepted:b', 'accepted:c,d']);
	});
});

describe('runBulk', () => {
	it('retries a failure that took nothing, with backoff, and reports the retries', async () => {
		const h = harness((records, attempt) => (attempt < 2 ? { ok: false, failure: serverError } : ok(records)));
		const { outcomes, stats } = await runBulk(plan(['a', 'b'], 1), h.bulk);
		expect(kinds(outcomes)).toEqual(['accepted:a', 'accepted:b']);
		expect(outcomes.map((o) => ('retries' in o ? o.retries : -1))).toEqual([2, 2]);
		expect(h.sent).toHaveLength(6);
		expect(h.sleeps).toHaveLength(4);
		// Exponential with jitter: the second wait of a request is within [100, 200).
		expect(h.sleeps[1]).toBeGreaterThanOrEqual(100);
		expect(stats).toEqual({ batches: 2, requests: 2, extraRequests: 0 });
	});

	it("waits at least as long as the server's Retry-After asks", async () => {
		const h = harness((records, attempt) => (attempt === 0 ? { ok: false, failure: { ...serverError, retryAfterMs: 7000 } } : ok(records)));
		await runBulk(plan(['a'], 1), h.bulk);
		expect(h.sleeps).toEqual([7000]);
	});

	it('gives up after Max Retries and stops: later batches are not sent', async () => {
		const h = harness((records) => (records[0] === 'b' ? { ok: false, failure: serverError } : ok(records)));
		const { outcomes } = await runBulk(plan(['a', 'b', 'c'], 1), h.bulk);
		expect(kinds(outcomes)).toEqual(['accepted:a', 'failed:b', 'notSent:c']);
		expect(h.sent.filter((r) => r[0] === 'b')).toHaveLength(4);
		expect(h.sent.some((r) => r[0] === 'c')).toBe(false);
	});

	it('never sends a request again after a lost reply, unless a re-send is safe', async () => {
		const unsafe = harness((records, attempt) => (attempt === 0 ? { ok: false, failure: lost } : ok(records)));
		const { outcomes } = await runBulk(plan(['a', 'b'], 1), { ...unsafe.bulk, stopOnFailure: false });
		expect(kinds(outcomes)).toEqual(['replyLost:a', 'replyLost:b']);
		expect(unsafe.sent).toHaveLength(2);

		const safe = harness((records, attempt) => (attempt === 0 ? { ok: false, failure: lost } : ok(records)), { resendAfterLostReply: true });
		const resent = await runBulk(plan(['a'], 1), safe.bulk);
		expect(resent.outcomes[0]).toMatchObject({ kind: 'accepted', afterLostReply: true, retries: 1 });
	});

	it('isolates refused records and sends the rest; under stopOnRefusal, nothing after that batch', async () => {
		const h = harness((records) => (records.includes('c') ? { ok: false, failure: refusal } : ok(records)), { stopOnRefusal: true });
		const { outcomes, stats } = await runBulk(plan(['a', 'b', 'c', 'd', 'e'], 4), h.bulk);
		expect(kinds(outcomes)).toEqual(['accepted:a,b', 'refused:c', 'accepted:d', 'notSent:e']);
		expect(stats.extraRequests).toBe(stats.requests - 1);
	});

	it('after a batch whose splitting found nothing that goes, later refused batches are only probed', async () => {
		const h = harness(() => ({ ok: false, failure: refusal }));
		const { stats } = await runBulk(plan(Array.from({ length: 16 }, (_, i) => `r${i}`), 8), h.bulk);
		// Batch 1: 1 + 14 requests down to single records; batch 2: 1 + 2 (a probe).
		expect(h.sent.filter((r) => r.length === 1)).toHaveLength(8);
		expect(stats.requests).toBe(15 + 3);
	});

	it('keeps at most Concurrency requests in flight and reports in batch order', async () => {
		let inFlight = 0;
		let most = 0;
		const h = harness(ok, { concurrency: 3 });
		const send = h.bulk.send;
		h.bulk.send = async (batch) => {
			most = Math.max(most, ++inFlight);
			await new Promise((resolve) => setImmediate(resolve));
			inFlight--;
			return await send(batch);
		};
		const { outcomes } = await runBulk(plan(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 1), h.bulk);
		expect(most).toBe(3);
		expect(kinds(outcomes)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((r) => `accepted:${r}`));
	});

	it('spaces the starts of requests by Batch Interval', async () => {
		const starts: number[] = [];
		const h = harness(ok, { intervalMs: 500 });
		const send = h.bulk.send;
		h.bulk.send = async (batch) => {
			starts.push(h.now());
			return await send(batch);
		};
		await runBulk(plan(['a', 'b', 'c'], 1), h.bulk);
		expect(starts).toEqual([0, 500, 1000]);
	});

	it('after a cancel, no request starts and no wait goes on; a request cut short may be stored', async () => {
		let cancelled = false;
		const h = harness(
			(records) => {
				if (records[0] === 'b') {
					cancelled = true;
					return { ok: false, failure: lost };
				}
				return ok(records);
			},
			{ isCancelled: () => cancelled, resendAfterLostReply: true, intervalMs: 1000 },
		);
		const { outcomes } = await runBulk(plan(['a', 'b', 'c', 'd'], 1), h.bulk);
		expect(kinds(outcomes)).toEqual(['accepted:a', 'cancelled:b', 'cancelled:c', 'cancelled:d']);
		expect(outcomes[1]).toMatchObject({ mayBeStored: true });
		expect(outcomes[2]).toMatchObject({ mayBeStored: false });
		expect(h.sent.map((r) => r[0])).toEqual(['a', 'b']);
		// The only wait is the interval before b: none for a retry of b, none for c.
		expect(h.sleeps).toEqual([1000]);
	});

	it('a cancel during a retry wait ends the request without sending it again', async () => {
		let cancelled = false;
		const h = harness(() => ({ ok: false, failure: serverError }), { isCancelled: () => cancelled });
		h.bulk.clock.sleep = async () => {
			cancelled = true;
		};
		const { outcomes } = await runBulk(plan(['a', 'b'], 1), h.bulk);
		expect(kinds(outcomes)).toEqual(['cancelled:a', 'cancelled:b']);
		expect(h.sent).toHaveLength(1);
	});

	it('an unexpected exception fails only its request', async () => {
		const h = harness(ok, { stopOnFailure: false });
		h.bulk.send = async (batch) => {
			if (batch.records[0] === 'a') throw new Error('boom');
			return ok(batch.records);
		};
		const { outcomes } = await runBulk(plan(['a', 'b'], 1), h.bulk);
		expect(kinds(outcomes)).toEqual(['failed:a', 'accepted:b']);
		expect(outcomes[0]).toMatchObject({ failure: { message: 'The request failed unexpectedly: boom' } });
	});
});

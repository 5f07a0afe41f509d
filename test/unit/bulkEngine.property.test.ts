/**
 * runBulk against an in-memory server that stores records, with random refusals, failures, lost
 * replies, stop rules and cancels: a record is never silently lost and never silently duplicated,
 * and every record gets exactly one outcome saying what happened to it.
 */
import fc from 'fast-check';

import type { ApiFailure } from '../../nodes/AltaTech/core/apiErrors';
import { MAX_BISECT_REQUESTS } from '../../nodes/AltaTech/core/bulk/bisect';
import { runBulk, type BulkOptions } from '../../nodes/AltaTech/core/bulk/engine';
import type { Batch, Outcome, SendResult } from '../../nodes/AltaTech/core/bulk/outcome';
import { BatchPlanner, halvesOf, type RequestLimits } from '../../nodes/AltaTech/core/bulk/plan';

/** Shake harder with e.g. BULK_PROPERTY_RUNS=5000 npx jest test/unit/bulkEngine.property.test.ts */
const NUM_RUNS = Number(process.env.BULK_PROPERTY_RUNS ?? 800);

const limits = (maxRecords: number): RequestLimits<string> => ({
	maxRecords,
	maxBytes: Infinity,
	newMeter: () => {
		let bytes = 0;
		return {
			get bytes() {
				return bytes;
			},
			tryAdd: (record: string) => ((bytes += record.length), true),
		};
	},
});

const refusal: ApiFailure = { message: 'The API rejected the request (parameter error)', code: 40000, serverMessage: 'bad record' };
const serverError: ApiFailure = { message: 'AltaTech had an internal error', code: 50000, retryable: true };
const lostReply: ApiFailure = { message: 'AltaTech did not answer', outcomeUnknown: true };

/**
 * What happens to one request attempt, in the order attempts reach the server: a normal answer;
 * a retryable 50000 that took nothing; a lost reply after the server processed the request (it
 * stored it, or refused it); a lost reply before the server saw it.
 */
type Fate = 'answer' | 'failBeforeStoring' | 'loseReplyAfterStoring' | 'loseReplyBeforeStoring';
interface Attempt {
	fate: Fate;
	/** Turns of the event loop the reply takes: with Concurrency > 1 replies come back in any order. */
	replyTurns: number;
}
const NORMAL: Attempt = { fate: 'answer', replyTurns: 1 };

const attemptArb: fc.Arbitrary<Attempt> = fc.record({
	fate: fc.oneof(
		{ arbitrary: fc.constant<Fate>('answer'), weight: 6 },
		{ arbitrary: fc.constant<Fate>('failBeforeStoring'), weight: 2 },
		{ arbitrary: fc.constant<Fate>('loseReplyAfterStoring'), weight: 1 },
		{ arbitrary: fc.constant<Fate>('loseReplyBeforeStoring'), weight: 1 },
	),
	replyTurns: fc.integer({ min: 1, max: 3 }),
});

const caseArb = fc.integer({ min: 0, max: 40 }).chain((count) =>
	fc.record({
		records: fc.constant(Array.from({ length: count }, (_, i) => `r${i}`)),
		// A record is refused when its roll is below the case's odds: 0 refuses none, 4 all.
		refusalOdds: fc.integer({ min: 0, max: 4 }),
		refusalRolls: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: count, maxLength: count }),
		batchSize: fc.integer({ min: 1, max: 7 }),
		concurrency: fc.integer({ min: 1, max: 4 }),
		intervalMs: fc.constantFrom(0, 10),
		retry: fc.record({ maxRetries: fc.integer({ min: 0, max: 3 }), baseDelayMs: fc.integer({ min: 0, max: 100 }) }),
		stopOnFailure: fc.boolean(),
		stopOnRefusal: fc.boolean(),
		resendAfterLostReply: fc.boolean(),
		// Attempts past the end of the list are answered normally.
		attempts: fc.array(attemptArb, { maxLength: 80 }),
		// The user stops the execution some turns after the k-th request reached the server.
		cancel: fc.option(fc.record({ afterSend: fc.integer({ min: 1, max: 20 }), turns: fc.integer({ min: 1, max: 3 }) }), { nil: undefined }),
		// Whether a sleep (interval, backoff) lets a turn of the event loop pass, so a cancel or
		// other requests' replies can come in while a request waits.
		sleepsYield: fc.boolean(),
	}),
);
type Case = typeof caseArb extends fc.Arbitrary<infer C> ? C : never;

/**
 * The import API: a request holding any refused record is refused whole and stores nothing. The
 * "unique" server (where a re-send is safe) also refuses a request holding a record it already
 * has; the other stores a record again when asked twice.
 */
class Server {
	readonly timesStored = new Map<string, number>();
	constructor(
		private readonly refused: Set<string>,
		private readonly unique: boolean,
	) {}

	process(records: string[]): SendResult<string> {
		if (records.some((r) => this.refused.has(r) || (this.unique && this.timesStored.has(r)))) return { ok: false, failure: refusal };
		for (const r of records) this.timesStored.set(r, (this.timesStored.get(r) ?? 0) + 1);
		return { ok: true, accepted: { reply: `task-${records[0]}` } };
	}
}

/** `tookNothing`: the reply said the server took none of the records (a 50000 or a 40000). */
type Event = { type: 'send'; request: Batch<string>; tookNothing?: boolean; afterCancel: boolean } | { type: 'told'; outcome: Outcome<string, string> } | { type: 'cancel' };

/**
 * Replies and the cancel come on later turns of the event loop, as network I/O and n8n's stop do:
 * never in the middle of the engine's own turn, between its last check and its send.
 */
const turns = async (n: number) => {
	for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

async function runCase(c: Case) {
	const planner = new BatchPlanner(limits(c.batchSize));
	c.records.forEach((record, itemIndex) => planner.add(itemIndex, record));
	const batches = planner.finish();
	const refused = new Set(c.records.filter((_, i) => c.refusalRolls[i] < c.refusalOdds));
	const server = new Server(refused, c.resendAfterLostReply);
	const log: Event[] = [];
	let sends = 0;
	let cancelled = false;
	let time = 0;
	const options: BulkOptions<string, string> = {
		async send(request) {
			const { fate, replyTurns } = c.attempts[sends++] ?? NORMAL;
			const sent: Event = { type: 'send', request, afterCancel: cancelled };
			log.push(sent);
			if (sends === c.cancel?.afterSend) {
				void turns(c.cancel.turns).then(() => {
					cancelled = true;
					log.push({ type: 'cancel' });
				});
			}
			let reply: SendResult<string>;
			if (fate === 'failBeforeStoring') reply = { ok: false, failure: serverError };
			else if (fate === 'loseReplyBeforeStoring') reply = { ok: false, failure: lostReply };
			else if (fate === 'loseReplyAfterStoring') reply = (server.process(request.records), { ok: false, failure: lostReply });
			else reply = server.process(request.records);
			sent.tookNothing = !reply.ok && !reply.failure.outcomeUnknown;
			await turns(replyTurns);
			return reply;
		},
		halves: halvesOf(limits(1000)),
		resendAfterLostReply: c.resendAfterLostReply,
		stopOnFailure: c.stopOnFailure,
		stopOnRefusal: c.stopOnRefusal,
		concurrency: c.concurrency,
		intervalMs: c.intervalMs,
		retry: c.retry,
		// Time moves only when the engine sleeps; a sleep never really waits.
		clock: {
			now: () => time,
			sleep: async (ms) => {
				time += ms;
				if (c.sleepsYield) await turns(1);
			},
		},
		isCancelled: () => cancelled,
		onRequest: (outcome) => log.push({ type: 'told', outcome }),
	};
	const result = await runBulk(batches, options);
	return { batches, refused, server, log, ...result };
}

/** Whether the records may be on the server, as the outcome tells the user. */
const saysMaybeStored = (o: Outcome<string, string>) =>
	o.kind === 'accepted' || o.kind === 'replyLost' || (o.kind === 'refused' && o.afterLostReply) || (o.kind === 'cancelled' && o.mayBeStored);

/** An outcome that stops the run: a held-back request only follows an earlier stop. */
const stopsRun = (c: Case, o: Outcome<string, string>) =>
	(c.stopOnFailure && (o.kind === 'failed' || (o.kind === 'replyLost' && !o.heldBack))) ||
	(c.stopOnRefusal && (o.kind === 'refused' || (o.kind === 'accepted' && (o.accepted.refusedRecords?.length ?? 0) > 0)));

async function checkCase(c: Case): Promise<void> {
	const { batches, refused, server, log, outcomes, stats } = await runCase(c);
	const sends = log.flatMap((e, index) => (e.type === 'send' ? [{ ...e, index }] : []));

	// 1. Every record in exactly one outcome, in batch order; stats count requests, not attempts.
	expect(outcomes.flatMap((o) => o.batch.records)).toEqual(c.records);
	expect(outcomes.every((o) => o.batch.records.length > 0)).toBe(true);
	expect(outcomes.map((o) => o.batch.number)).toEqual([...outcomes.map((o) => o.batch.number)].sort((a, b) => a - b));
	// A request's retries send the same Batch object; a part of a split batch is a new one.
	const requests = new Set(sends.map((s) => s.request));
	expect(stats.batches).toBe(batches.length);
	expect(stats.requests).toBe(requests.size);
	// Extra requests: beyond one per batch that reached the server, however the batch ended.
	const beyondOnePerBatch = requests.size - new Set([...requests].map((r) => r.number)).size;
	expect(stats.extraRequests).toBe(beyondOnePerBatch);

	// 2. Nothing stored twice (the unique server refuses it; the other proves no second ask).
	for (const [record, times] of server.timesStored) expect([record, times]).toEqual([record, 1]);

	for (const o of outcomes) {
		// 3. What the server took as told is stored.
		if (o.kind === 'accepted') {
			const refusedPositions = new Set(o.accepted.refusedRecords?.map((r) => r.position));
			o.batch.records.forEach((r, i) => refusedPositions.has(i) || expect(server.timesStored.has(r)).toBe(true));
		}
		// 4. A stored record is reported accepted or possibly stored, never as nothing stored.
		for (const r of o.batch.records) if (server.timesStored.has(r)) expect({ r, o, maybeStored: saysMaybeStored(o) }).toMatchObject({ maybeStored: true });
		// A plain refusal (no lost reply before it) holds a record the server refuses: no good batch is blamed.
		if (o.kind === 'refused' && !o.afterLostReply) expect(o.batch.records.some((r) => refused.has(r))).toBe(true);
	}

	// 5. Nothing starts after the cancel; a record reported notSent (not written) is not stored: it
	// never reached the server, or only in a request that failed taking nothing or was refused whole,
	// whose retry or parts were then held back by a stop (its own batch's failing part, or another batch's).
	expect(sends.filter((s) => s.afterCancel)).toEqual([]);
	for (const o of outcomes.filter((x) => x.kind === 'notSent')) {
		const sentWith = sends.filter((s) => s.request.records.some((r) => o.batch.records.includes(r)));
		expect(sentWith.filter((s) => !s.tookNothing).map((s) => s.request.records)).toEqual([]);
	}

	// 6. Requests per batch: its first, at most one per bisection part (budget-bound), each retried at most maxRetries times.
	for (const batch of batches) {
		const ofBatch = [...requests].filter((r) => r.number === batch.number);
		expect(ofBatch.length).toBeLessThanOrEqual(1 + Math.min(MAX_BISECT_REQUESTS, 2 * (batch.records.length - 1)));
	}
	for (const request of requests) expect(sends.filter((s) => s.request === request).length).toBeLessThanOrEqual(1 + c.retry.maxRetries);

	// 7. Once a request's outcome stops the run, no request starts, whatever the concurrency: every
	// request checks the stop just before it is sent. After a refusal only the refused batch's own
	// bisection goes on, and a failure ends that too.
	const stops = log.flatMap((e, index) => (e.type === 'told' && stopsRun(c, e.outcome) ? [{ outcome: e.outcome, index }] : []));
	if (stops.length) {
		const isFailure = (o: Outcome<string, string>) => o.kind === 'failed' || o.kind === 'replyLost';
		const isolating = isFailure(stops[0].outcome) ? undefined : stops[0].outcome.batch.number;
		const firstFailure = stops.find((stop) => isFailure(stop.outcome));
		expect(sends.filter((s) => s.index > stops[0].index && s.request.number !== isolating).map((s) => s.request.records)).toEqual([]);
		if (firstFailure) expect(sends.filter((s) => s.index > firstFailure.index).map((s) => s.request.records)).toEqual([]);
	}
}

describe('runBulk (property)', () => {
	it('never loses or duplicates a record silently: every record has one outcome that says what the server holds', async () => {
		await fc.assert(fc.asyncProperty(caseArb, checkCase), { numRuns: NUM_RUNS });
	});
});

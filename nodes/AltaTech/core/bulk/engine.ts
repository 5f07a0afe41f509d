import { isRateLimit, isRecordRefusal, type ApiFailure } from '../apiErrors';
import { requestMessages } from '../messages';
import { backoffMs, type BackoffPolicy } from '../retry';
import { bisect, MAX_BISECT_REQUESTS, type BisectState } from './bisect';
import type { Batch, Outcome, SendResult } from './outcome';

/** Injected, so the core has no timers: `sleep` ends at once when the execution is cancelled. */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

/** Everything a bulk write needs, in one object (see runBulk). */
export interface BulkOptions<R, A> {
	/** One request: the endpoint's body, sent, its reply read into per-record outcomes. */
	send(batch: Batch<R>): Promise<SendResult<A>>;
	/** A batch in two parts, for isolating refused records. */
	halves(batch: Batch<R>): [Batch<R>, Batch<R>];
	/** Whether a request whose reply was lost may be sent again: only when that cannot store its records twice. */
	resendAfterLostReply: boolean;
	/** A request that fails (or whose reply is lost) stops the run: later batches are not sent. */
	stopOnFailure: boolean;
	/** Records the server refuses stop the run too. */
	stopOnRefusal: boolean;
	/** Requests in flight at once (1..8); outcomes still come in batch order. */
	concurrency: number;
	/** Least time between the starts of two requests (rate limits); retries and parts count. */
	intervalMs: number;
	/** When the next request may start: shared by the runs of one execution, so the interval also holds from one table to the next. */
	pacing?: { nextStart: number };
	retry: BackoffPolicy;
	clock: Clock;
	isCancelled(): boolean;
	/** Told of every request sent (after its retries), e.g. for a log line. */
	onRequest?(outcome: Outcome<R, A>): void;
}

export interface BulkStats {
	/** Batches planned. */
	batches: number;
	/** Requests sent, retries not counted; parts of split batches counted. */
	requests: number;
	/** Requests beyond one per batch sent: those that isolated refused records. */
	extraRequests: number;
}

export interface BulkResult<R, A> {
	/** For every record given, exactly one outcome holds it; in batch order. */
	outcomes: Array<Outcome<R, A>>;
	stats: BulkStats;
}

/**
 * Sends batches to one endpoint: concurrency, spacing, retries with backoff and Retry-After,
 * bisection of refused batches, stop rules and cancellation, the same for every write.
 */
export async function runBulk<R, A>(batches: Array<Batch<R>>, options: BulkOptions<R, A>): Promise<BulkResult<R, A>> {
	return await new BulkRun(options).run(batches);
}

class BulkRun<R, A> {
	/** A failure or refusal stopped the run: nothing more is sent, but for `isolating`. */
	private stopped = false;
	/** The batch whose refusal stopped the run: it still finds its refused records (its other records are written). */
	private isolating?: number;
	/**
	 * Whether refused batches are split down to their refused records. Off once a batch's
	 * splitting found no record the server takes (a whole sheet already stored, say): later
	 * refused batches are then only probed (2 requests instead of ~2 per record).
	 */
	private splitting = true;
	/** When the next request may start (Batch Interval). */
	private readonly pacing = this.options.pacing ?? { nextStart: 0 };
	private requests = 0;
	private batchesSent = 0;

	constructor(private readonly options: BulkOptions<R, A>) {}

	async run(batches: Array<Batch<R>>): Promise<BulkResult<R, A>> {
		const perBatch: Array<Array<Outcome<R, A>>> = new Array(batches.length);
		let next = 0;
		const worker = async () => {
			while (next < batches.length) {
				const index = next++;
				perBatch[index] = await this.sendBatch(batches[index]);
			}
		};
		const workers = Math.max(1, Math.min(this.options.concurrency, batches.length));
		await Promise.all(Array.from({ length: workers }, worker));
		const stats = { batches: batches.length, requests: this.requests, extraRequests: this.requests - this.batchesSent };
		return { outcomes: perBatch.flat(), stats };
	}

	private async sendBatch(batch: Batch<R>): Promise<Array<Outcome<R, A>>> {
		const first = await this.request(batch, false, true);
		if (first.kind !== 'refused') return [first];
		// After a lost reply the lost attempt most often took every record: probe first.
		const state: BisectState = { mode: this.splitting && !first.afterLostReply ? 'split' : 'probe', budget: MAX_BISECT_REQUESTS };
		const outcomes = await bisect(first, state, async (part, lost) => await this.request(part, lost, false), this.options.halves);
		if (outcomes.some((o) => o.kind === 'accepted')) this.splitting = true;
		// Refusals after a lost reply are the lost attempt's rows: no sign that nothing goes.
		else if (outcomes.length > 1 && !first.afterLostReply) this.splitting = false;
		return outcomes;
	}

	/**
	 * One request with its retries. `lostBefore`: a part of a request whose reply was lost, so
	 * the lost attempt may hold its records whatever this request's fate. `wholeBatch`: the
	 * batch's own request, not a part of it (stats count parts as extra requests).
	 */
	private async request(batch: Batch<R>, lostBefore: boolean, wholeBatch: boolean): Promise<Outcome<R, A>> {
		const { clock, retry, resendAfterLostReply } = this.options;
		const started = clock.now();
		let lost = lostBefore;
		let failure: ApiFailure | undefined;
		for (let attempt = 0; ; attempt++) {
			if (!(await this.mayStart(batch))) return this.halted(batch, lost, failure, attempt, started);
			if (attempt === 0) {
				this.requests++;
				if (wholeBatch) this.batchesSent++;
			}
			const result = await this.sendSafely(batch);
			const timing = { retries: attempt, durationMs: clock.now() - started };
			if (result.ok) return this.told({ kind: 'accepted', batch, accepted: result.accepted, afterLostReply: lost, ...timing });
			failure = result.failure;
			if (this.options.isCancelled()) {
				// Most likely cut short by the stop: whether the server took it is unknown.
				return this.told({ kind: 'cancelled', batch, mayBeStored: lost || failure.outcomeUnknown === true });
			}
			if (failure.outcomeUnknown) lost = true;
			else if (isRecordRefusal(failure)) return this.told({ kind: 'refused', batch, failure, afterLostReply: lost, ...timing });
			const mayResend = failure.outcomeUnknown ? resendAfterLostReply : failure.retryable;
			if (!mayResend || attempt >= retry.maxRetries) {
				return this.told(lost ? { kind: 'replyLost', batch, failure, heldBack: false, ...timing } : { kind: 'failed', batch, failure, ...timing });
			}
			const delayMs = backoffMs(attempt, retry, failure.retryAfterMs);
			// A rate limit is the agent's, not this request's: no request of the run starts before it ends.
			if (isRateLimit(failure)) this.pacing.nextStart = Math.max(this.pacing.nextStart, clock.now() + delayMs);
			await clock.sleep(delayMs);
		}
	}

	/**
	 * A request not sent (again) because the run stopped or was cancelled before its turn. An
	 * earlier attempt that failed took nothing: the request is not written, and the error names
	 * the request that stopped the run, not this one.
	 */
	private halted(batch: Batch<R>, lost: boolean, failure: ApiFailure | undefined, attempt: number, started: number): Outcome<R, A> {
		const timing = { retries: Math.max(0, attempt - 1), durationMs: this.options.clock.now() - started };
		const outcome: Outcome<R, A> = this.options.isCancelled()
			? { kind: 'cancelled', batch, mayBeStored: lost }
			: lost
				? { kind: 'replyLost', batch, failure, heldBack: true, ...timing }
				: { kind: 'notSent', batch };
		// A request that was sent before (and is now not retried) is logged; one never sent is not.
		return attempt > 0 ? this.told(outcome) : outcome;
	}

	/**
	 * A request's end, told to onRequest. The stop rules apply at once, so no other request starts
	 * after it: a failure stops everything; a refusal lets only its own batch go on finding its
	 * refused records.
	 */
	private told(outcome: Outcome<R, A>): Outcome<R, A> {
		const failed = outcome.kind === 'failed' || (outcome.kind === 'replyLost' && !outcome.heldBack);
		const refusedRecords = outcome.kind === 'refused' || (outcome.kind === 'accepted' && (outcome.accepted.refusedRecords?.length ?? 0) > 0);
		if (failed && this.options.stopOnFailure) {
			this.stopped = true;
			this.isolating = undefined;
		} else if (refusedRecords && this.options.stopOnRefusal && !this.stopped) {
			this.stopped = true;
			this.isolating = outcome.batch.number;
		}
		this.options.onRequest?.(outcome);
		return outcome;
	}

	/** Waits for this request's turn (Batch Interval); false when the run stopped or was cancelled meanwhile. */
	private async mayStart(batch: Batch<R>): Promise<boolean> {
		const mayGoOn = () => !this.options.isCancelled() && (!this.stopped || batch.number === this.isolating);
		if (!mayGoOn()) return false;
		const { clock, intervalMs } = this.options;
		const { pacing } = this;
		const wait = pacing.nextStart - clock.now();
		pacing.nextStart = Math.max(pacing.nextStart, clock.now()) + intervalMs;
		if (wait > 0) await clock.sleep(wait);
		return mayGoOn();
	}

	private async sendSafely(batch: Batch<R>): Promise<SendResult<A>> {
		try {
			return await this.options.send(batch);
		} catch (error) {
			// A bug or an unexpected exception fails only this request, and says so.
			return { ok: false, failure: { message: requestMessages.unexpected(error) } };
		}
	}
}

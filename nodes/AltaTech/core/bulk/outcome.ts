import type { ApiFailure } from '../apiErrors';

/** A request's worth of records, each tied to its input item (position i: item itemIndexes[i]). */
export interface Batch<R> {
	/** 1-based, in the order batches were planned; the parts of a split batch keep it. */
	readonly number: number;
	readonly records: R[];
	readonly itemIndexes: number[];
	/** The request's size as the endpoint measures it (CSV bytes for imports, JSON bytes otherwise). */
	readonly bytes: number;
}

/** A record the server refused inside a request it otherwise took (the update endpoint's fail_detail). */
export interface RecordRefusal {
	/** 0-based position of the record in its batch. */
	position: number;
	reason: string;
	/** The reply counts more failures than it names: this record may be one of them. */
	maybe?: boolean;
}

/** What an accepted request's reply said, as the endpoint reads it. */
export interface Accepted<A> {
	reply: A;
	refusedRecords?: RecordRefusal[];
}

interface Timing {
	/** Attempts after the first. */
	retries: number;
	durationMs: number;
}

/**
 * What became of a request (a planned batch, or a part of one after a split). Exactly one of
 * these per record of the input that reached the sending step.
 */
export type Outcome<R, A> =
	/** Taken by the server. `afterLostReply`: on a re-send, after an earlier attempt's reply was lost. */
	| ({ kind: 'accepted'; batch: Batch<R>; accepted: Accepted<A>; afterLostReply: boolean } & Timing)
	/**
	 * The server refused its records (a parameter error: it took none of them). A single record's
	 * refusal is that record's; records refused together may be valid. `afterLostReply`: refused
	 * on a re-send, so the lost attempt may have stored them.
	 */
	| ({ kind: 'refused'; batch: Batch<R>; failure: ApiFailure; afterLostReply: boolean } & Timing)
	/** The request failed and took nothing (or gave up on retries that took nothing). */
	| ({ kind: 'failed'; batch: Batch<R>; failure: ApiFailure } & Timing)
	/**
	 * Whether the server took it is unknown: a reply was lost and it was not (or could not be)
	 * sent again. `heldBack`: not sent again because the run stopped.
	 */
	| ({ kind: 'replyLost'; batch: Batch<R>; failure?: ApiFailure; heldBack: boolean } & Timing)
	/**
	 * Nothing of it stored: the run stopped at another request's failure before it was sent, or
	 * before it was sent again (its earlier attempt, or its batch's, took nothing).
	 */
	| { kind: 'notSent'; batch: Batch<R> }
	/** The execution was stopped. `mayBeStored`: a request was cut short or a reply lost before. */
	| { kind: 'cancelled'; batch: Batch<R>; mayBeStored: boolean };

export type AcceptedOutcome<R, A> = Extract<Outcome<R, A>, { kind: 'accepted' }>;
export type RefusedOutcome<R, A> = Extract<Outcome<R, A>, { kind: 'refused' }>;

/** A request's result as the endpoint reads it: accepted (with per-record refusals), or why not. */
export type SendResult<A> = { ok: true; accepted: Accepted<A> } | { ok: false; failure: ApiFailure };

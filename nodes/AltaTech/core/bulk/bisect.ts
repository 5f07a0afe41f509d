import type { Batch, Outcome, RefusedOutcome } from './outcome';

/**
 * 'split': every refused part of several records is split again, down to single records.
 * 'probe': only the refused batch itself is split once (2 requests); a half that goes shows the
 * batch mixed good and refused records, and the mode turns to 'split'.
 */
export type BisectMode = 'split' | 'probe';

export interface BisectState {
	mode: BisectMode;
	/** Requests this batch may still spend on finding its refused records. */
	budget: number;
}

/** Isolating a few bad records in 1000 costs about 20 requests each; past this, stop digging. */
export const MAX_BISECT_REQUESTS = 100;

/** Sends a part of a refused batch; `afterLostReply` hands on that the lost attempt may hold its rows. */
export type SendPart<R, A> = (part: Batch<R>, afterLostReply: boolean) => Promise<Outcome<R, A>>;

/**
 * The server refuses a whole request for one bad record (a parameter error). The refused batch
 * is sent again in halves, so every record the server takes still lands and only the refused
 * ones are reported. Returns the outcomes that stand for the batch's records, in record order;
 * each request sent takes one from `state.budget`.
 */
export async function bisect<R, A>(
	refusal: RefusedOutcome<R, A>,
	state: BisectState,
	sendPart: SendPart<R, A>,
	halves: (batch: Batch<R>) => [Batch<R>, Batch<R>],
): Promise<Array<Outcome<R, A>>> {
	const canSplit = (outcome: Outcome<R, A>): outcome is RefusedOutcome<R, A> => outcome.kind === 'refused' && outcome.batch.records.length > 1 && state.budget >= 2;

	const descend = async (outcome: Outcome<R, A>): Promise<Array<Outcome<R, A>>> =>
		state.mode === 'split' && canSplit(outcome) ? await splitInTwo(outcome) : [outcome];

	async function splitInTwo(refused: RefusedOutcome<R, A>): Promise<Array<Outcome<R, A>>> {
		const [first, second] = halves(refused.batch);
		const send = async (part: Batch<R>) => await sendPart(part, refused.afterLostReply);
		state.budget -= 2;
		// Split: each half is dug into before the other is sent. Probe: both halves are sent first.
		if (state.mode === 'split') return [...(await descend(await send(first))), ...(await descend(await send(second)))];
		const sent = [await send(first), await send(second)];
		if (sent.some((half) => half.kind === 'accepted')) state.mode = 'split';
		return [...(await descend(sent[0])), ...(await descend(sent[1]))];
	}

	return canSplit(refusal) ? await splitInTwo(refusal) : [refusal];
}

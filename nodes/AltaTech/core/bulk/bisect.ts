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
 * ones are reported. Returns the outcomes that stand for the batch's records, in record order,
 * and how many requests were sent.
 */
export async function bisect<R, A>(
	refusal: RefusedOutcome<R, A>,
	state: BisectState,
	sendPart: SendPart<R, A>,
	halves: (batch: Batch<R>) => [Batch<R>, Batch<R>],
): Promise<{ outcomes: Array<Outcome<R, A>>; requests: number }> {
	let requests = 0;

	const canSplit = (outcome: Outcome<R, A>) => outcome.kind === 'refused' && outcome.batch.records.length > 1 && state.budget >= 2;

	const descend = async (outcome: Outcome<R, A>): Promise<Array<Outcome<R, A>>> =>
		state.mode === 'split' && canSplit(outcome) ? await splitInTwo(outcome as RefusedOutcome<R, A>) : [outcome];

	async function splitInTwo(refused: RefusedOutcome<R, A>): Promise<Array<Outcome<R, A>>> {
		const [first, second] = halves(refused.batch);
		state.budget -= 2;
		requests += 2;
		if (state.mode === 'split') {
			const left = await descend(await sendPart(first, refused.afterLostReply));
			return [...left, ...(await descend(await sendPart(second, refused.afterLostReply)))];
		}
		const sent = [await sendPart(first, refused.afterLostReply), await sendPart(second, refused.afterLostReply)];
		if (sent.some((half) => half.kind === 'accepted')) state.mode = 'split';
		const outcomes: Array<Outcome<R, A>> = [];
		for (const half of sent) outcomes.push(...(await descend(half)));
		return outcomes;
	}

	const outcomes = canSplit(refusal) ? await splitInTwo(refusal) : [refusal];
	return { outcomes, requests };
}

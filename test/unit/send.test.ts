import { makeBatch } from '../../nodes/AltaTech/core/batch';
import { buildReport } from '../../nodes/AltaTech/core/report';
import { sendBatches, type SubmitResult } from '../../nodes/AltaTech/core/send';
import type { Batch } from '../../nodes/AltaTech/core/types';

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const batchOf = (number: number, items: number[]) => makeBatch(number, items.map((i) => ({ id: String(i) })), items);

describe('parts held back when another request stops the run', () => {
	it('are reported as possibly imported when their request lost a reply before, never as not sent', async () => {
		// A table with unique columns. Batch 1's first attempt loses its reply after the server stored its rows;
		// its re-send is refused (already stored), so its halves are to be sent one by one. Meanwhile batch 2
		// fails for good, which stops the run before the halves go.
		const stored = new Set<number>();
		let firstBatchCalls = 0;
		const submit = async (batch: Batch): Promise<SubmitResult> => {
			if (batch.number === 2) {
				await wait(15);
				return { failure: { message: 'Bad key', code: 40100, retryable: false } };
			}
			firstBatchCalls++;
			await wait(10);
			if (firstBatchCalls === 1) {
				batch.itemIndexes.forEach((i) => stored.add(i));
				return { failure: { message: 'reply lost', outcomeUnknown: true, retryable: false } };
			}
			return { failure: { message: 'already exists', code: 40000, serverMessage: 'records[0] already exists', retryable: false } };
		};
		const outcomes = await sendBatches([batchOf(1, [0, 1, 2, 3]), batchOf(2, [4, 5, 6, 7])], {
			submit,
			stopOnRequestError: true,
			stopOnRejectedRecord: false,
			retry: { maxRetries: 2, baseDelayMs: 0, resendWhenUnknown: true },
			concurrency: 2,
			intervalMs: 0,
			sleep: wait,
			now: Date.now,
		});
		expect([...stored]).toEqual([0, 1, 2, 3]);
		const report = buildReport([], outcomes);
		expect(report.failures.map((f) => [f.itemIndex, f.problem?.rule])).toEqual([
			[0, 'outcomeUnknown'],
			[1, 'outcomeUnknown'],
			[2, 'outcomeUnknown'],
			[3, 'outcomeUnknown'],
			[4, 'request'],
			[5, 'request'],
			[6, 'request'],
			[7, 'request'],
		]);
	});
});

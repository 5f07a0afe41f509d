import { apiFailure } from '../../nodes/AltaTech/core/apiErrors';
import { planImport, runImport, type RunOptions } from '../../nodes/AltaTech/core/pipeline';
import type { SubmitResult } from '../../nodes/AltaTech/core/send';
import type { Batch, IdleWork, TableSchema } from '../../nodes/AltaTech/core/types';

const schema: TableSchema = { fields: [{ name: 'n', type: 'INT', required: true, unique: false }] };

/** 50 rows, 10 per batch: row 7 is invalid, row 23 is rejected by the server, batch 4 fails as a whole. */
function plan() {
	const rows = Array.from({ length: 50 }, (_, itemIndex) => ({ itemIndex, fields: itemIndex === 7 ? { n: 'seven' } : { n: itemIndex } }));
	return planImport(rows, { schema, unknownFields: 'fail', batchSize: 10, maxCsvBytes: 10 * 1024 * 1024 });
}

/** A server that rejects a request holding row 23 and fails batch 4's; the report must not depend on when it is built. */
function runWith(idle: IdleWork | undefined, onSubmit: (batch: Batch) => void = () => undefined) {
	let tasks = 0;
	const options: RunOptions = {
		failOnInvalidRecord: false,
		stopOnRequestError: false,
		retry: { maxRetries: 0, baseDelayMs: 0 },
		concurrency: 2,
		intervalMs: 0,
		sleep: async () => undefined,
		now: () => 0,
		idle,
		submit: async (batch): Promise<SubmitResult> => {
			onSubmit(batch);
			await new Promise((resolve) => setImmediate(resolve));
			if (batch.number === 4) return { failure: apiFailure({ httpStatus: 500, code: 50000 }) };
			if (batch.records.some((record) => record.n === 23)) return { failure: apiFailure({ httpStatus: 400, code: 40000 }) };
			return { taskId: `task-${++tasks}` };
		},
	};
	return runImport(plan(), options);
}

describe('the report, built while requests are in flight', () => {
	it('is the same report as one built after the last request', async () => {
		const waiting: Array<() => void> = [];
		let flushedDuringRequests = 0;
		const idle: IdleWork = {
			defer: (work) => void waiting.push(work),
			flush: () => waiting.splice(0).forEach((work) => work()),
		};
		const deferred = await runWith(idle, () => {
			// As the adapter does: the work left by earlier requests runs while this one is out.
			flushedDuringRequests += waiting.length;
			idle.flush();
		});
		const atOnce = await runWith(undefined);

		expect(flushedDuringRequests).toBeGreaterThan(0);
		expect(deferred.items).toEqual(atOnce.items);
		expect(deferred.stats).toEqual(atOnce.stats);
		expect(deferred.items.map((item) => item.status)).toHaveLength(50);
		const byStatus = (status: string) => deferred.items.filter((item) => item.status === status).map((item) => item.itemIndex);
		// Row 7 never enters a batch, so batch 4 holds rows 31 to 40.
		expect(byStatus('failed')).toEqual([7, 23, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40]);
		expect(deferred.items[23].problem?.rule).toBe('rejected');
		expect(deferred.items[7].problem?.rule).toBe('type');
	});
});

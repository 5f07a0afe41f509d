import { apiFailure } from '../../nodes/AltaTech/core/apiErrors';
import { planImport, runImport } from '../../nodes/AltaTech/core/pipeline';
import { itemStatuses } from '../../nodes/AltaTech/core/report';
import type { SubmitResult } from '../../nodes/AltaTech/core/send';
import type { Batch, TableSchema } from '../../nodes/AltaTech/core/types';

const schema: TableSchema = { fields: [{ name: 'n', type: 'INT', required: true, unique: false }] };

/**
 * 50 rows, 10 per batch: row 7 is invalid, the server rejects any request holding row 23 and
 * fails batch 4 as a whole. Row 7 never enters a batch, so batch 4 holds rows 31 to 40.
 */
async function run() {
	const itemIndexes = Array.from({ length: 50 }, (_, itemIndex) => itemIndex);
	const rows = { itemIndexes, fields: itemIndexes.map((itemIndex) => (itemIndex === 7 ? { n: 'seven' } : { n: itemIndex })) };
	const plan = planImport(rows, { schema, unknownFields: 'fail', batchSize: 10, maxCsvBytes: 10 * 1024 * 1024 });
	let tasks = 0;
	return runImport(plan, {
		failOnInvalidRecord: false,
		stopOnRequestError: false,
		retry: { maxRetries: 0, baseDelayMs: 0 },
		concurrency: 2,
		intervalMs: 0,
		sleep: async () => undefined,
		now: () => 0,
		submit: async (batch: Batch): Promise<SubmitResult> => {
			await new Promise((resolve) => setImmediate(resolve));
			if (batch.number === 4) return { failure: apiFailure({ httpStatus: 500, code: 50000 }) };
			if (batch.records.some((record) => record.n === 23)) return { failure: apiFailure({ httpStatus: 400, code: 40000 }) };
			return { taskId: `task-${++tasks}` };
		},
	});
}

describe('the report', () => {
	it('lists only the items not imported; the imported ones are read from the requests', async () => {
		const report = await run();
		expect(report.failures.map((f) => [f.itemIndex, f.problem?.rule])).toEqual([
			[7, 'type'],
			[23, 'rejected'],
			...[31, 32, 33, 34, 35, 36, 37, 38, 39, 40].map((itemIndex) => [itemIndex, 'request']),
		]);
		expect(report.stats).toMatchObject({ items: 50, submitted: 38, failed: 12, notSent: 0 });

		const statuses = itemStatuses(report);
		expect(statuses.map((s) => s.itemIndex)).toEqual(Array.from({ length: 50 }, (_, i) => i));
		const imported = statuses.filter((s) => s.status === 'submitted');
		expect(imported).toHaveLength(38);
		// Every imported item names the request that carried it: rows 20-29 went in halves after the rejection.
		const taskOf = (itemIndex: number) => statuses[itemIndex].taskId;
		expect(new Set([20, 21, 22, 24, 25, 26, 27, 28, 29].map(taskOf)).size).toBeGreaterThan(1);
		expect(taskOf(0)).toBe(taskOf(9));
	});
});

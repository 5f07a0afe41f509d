import { autoMapParameters, imports, people, run, useTestEmulator, type RunResult } from './setup';

const { nodeWork, captureLogs } = require('../harness/workflow');

// Stopping an execution: no request starts after the stop, and the node's own work (batch
// intervals, retry waits, status polling, a request in flight) ends within a second of it.

const emulator = useTestEmulator();
beforeEach(() => {
	emulator.reset();
	emulator.configure({ faults: [], taskDelayMs: 0 });
});

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the workflow and stops it once `when` holds; returns when it stopped, how many requests had arrived, and the run. */
async function runAndStop(parameters: Record<string, unknown>, items: object[], when: () => boolean) {
	const stopped: { at: number; requests: number; result?: RunResult } = { at: 0, requests: 0 };
	nodeWork.endedAt = 0;
	stopped.result = await run(emulator, items, parameters, {
		whileRunning: ({ cancel }) => {
			void (async () => {
				for (let waited = 0; !when() && waited < 20_000; waited += 10) await sleep(10);
				stopped.requests = emulator.requests.length;
				stopped.at = Date.now();
				cancel();
			})();
		},
	});
	// n8n settles a stopped run at once; the node's own work must end soon after.
	for (let waited = 0; !nodeWork.endedAt && waited < 5000; waited += 20) await sleep(20);
	await sleep(1500); // anything the node would still send arrives meanwhile
	return stopped;
}

describe('a stopped execution', () => {
	it('starts no request after the stop, however long Batch Interval is', async () => {
		const stopped = await runAndStop(autoMapParameters('tbl_free', { batchSize: 10, batchInterval: 2000 }), people(200), () => imports(emulator).length >= 2);
		expect(nodeWork.endedAt - stopped.at).toBeLessThan(1000);
		expect(emulator.requests).toHaveLength(stopped.requests);
		expect(imports(emulator)).toHaveLength(2);
	}, 30_000);

	it('does not retry a failed request, and does not wait out its backoff', async () => {
		emulator.configure({ faults: [{ kind: 'code50000', path: '/v1/database/import/records' }] });
		const stopped = await runAndStop(autoMapParameters('tbl_free', { maxRetries: 10, retryDelay: 5000 }), people(5), () => imports(emulator).length >= 1);
		expect(nodeWork.endedAt - stopped.at).toBeLessThan(1000);
		expect(imports(emulator)).toHaveLength(1);
	}, 30_000);

	it('stops polling the import status while waiting for completion', async () => {
		emulator.configure({ taskDelayMs: 60_000 });
		const polls = () => emulator.requests.filter((r) => r.path === '/v1/database/query/import-results').length;
		const logs: Array<{ level: string; message: string }> = captureLogs();
		const stopped = await runAndStop(autoMapParameters('tbl_free', { waitForCompletion: true, waitTimeout: 600 }), people(5), () => polls() >= 1);
		expect(nodeWork.endedAt - stopped.at).toBeLessThan(1000);
		expect(emulator.requests).toHaveLength(stopped.requests);
		// The node ends there: no output is made and no account of a finished run is logged.
		expect(logs.filter((line) => line.level === 'info' && line.message.startsWith('AltaTech add:'))).toEqual([]);
	}, 30_000);

	it.each([
		['Get Many', '/v1/database/records/page', { resource: 'tableData', operation: 'getMany', tableId: 'tbl_free', returnAll: true, options: {} }],
		['Get Import Status', '/v1/database/query/import-results', { resource: 'tableData', operation: 'getImportStatus', taskIds: 'task-1', statusOptions: {} }],
	])('%s reads nothing again after the stop, and does not wait out its retry', async (_operation, path, parameters) => {
		emulator.configure({ faults: [{ kind: 'code50000', path }] });
		const reads = () => emulator.requests.filter((r) => r.path === path).length;
		const stopped = await runAndStop(parameters, [{}], () => reads() >= 1);
		expect(nodeWork.endedAt - stopped.at).toBeLessThan(1000);
		expect(emulator.requests).toHaveLength(stopped.requests);
	}, 30_000);

	it('gives up a request in flight at once and never sends it again', async () => {
		// A unique table: a lost reply would otherwise be re-sent.
		emulator.configure({ faults: [{ kind: 'delayAfterImport', delayMs: 4000, path: '/v1/database/import/records' }] });
		const stopped = await runAndStop(autoMapParameters('tbl_unique', { maxRetries: 5, retryDelay: 10 }), people(5), () => imports(emulator).length >= 1);
		expect(nodeWork.endedAt - stopped.at).toBeLessThan(1000);
		await sleep(3000); // past the delayed reply
		expect(imports(emulator)).toHaveLength(1);
	}, 30_000);

	it.each([
		['Add Records, reading the table', autoMapParameters('tbl_free', {})],
		['Get Many', { resource: 'tableData', operation: 'getMany', tableId: 'tbl_free', returnAll: true, options: {} }],
	])('%s: a read cut short by the stop is not reported as a timeout', async (_operation, parameters) => {
		const path = '/v1/database/records/page';
		emulator.configure({ faults: [{ kind: 'delayAfterImport', delayMs: 4000, path }] });
		const stopped = await runAndStop(parameters, people(3), () => emulator.requests.some((r) => r.path === path));
		expect(nodeWork.endedAt - stopped.at).toBeLessThan(1000);
		expect(emulator.requests).toHaveLength(stopped.requests);
		// The stop is not the server's failure: the error is n8n's own cancellation, not the node's timeout.
		expect(stopped.result?.error?.message).toBe('The execution was cancelled manually');
		expect(imports(emulator)).toHaveLength(0);
	}, 30_000);
});

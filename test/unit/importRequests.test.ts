import { createImportSender } from '../../nodes/AltaTech/actions/tableData/importRequests';
import { makeBatch } from '../../nodes/AltaTech/core/batch';
import type { TableRecord } from '../../nodes/AltaTech/core/types';
import type { ApiClient } from '../../nodes/AltaTech/transport';

/** A client that answers every import with the next task id and keeps the bodies it was given. */
function fakeClient() {
	const bodies: unknown[] = [];
	const client: ApiClient = {
		baseUrl: 'http://127.0.0.1',
		request: async <T>(_method: string, _path: string, body?: unknown) => {
			bodies.push(JSON.parse(String(body)));
			await new Promise((resolve) => setTimeout(resolve, 5)); // the server at work
			return { ok: true as const, body: { data: [`task-${bodies.length}`] } as T };
		},
	};
	return { client, bodies };
}

const context = { logger: { info: () => undefined } } as never;
const records = (from: number, count = 150): TableRecord[] => Array.from({ length: count }, (_, i) => ({ n: from + i }));
const batch = (number: number, list: TableRecord[]) => makeBatch(number, list, list.map((_, i) => i));

describe('import requests: work done while a request is in flight', () => {
	it('sends each batch its own records, the next body being encoded while the previous request runs', async () => {
		const { client, bodies } = fakeClient();
		const sender = createImportSender(context, client, 'tbl', 'values');
		const [first, second] = [batch(1, records(0)), batch(2, records(150))];
		expect(await sender.submit(first, second)).toEqual({ taskId: 'task-1' });
		expect(await sender.submit(second)).toEqual({ taskId: 'task-2' });
		expect(bodies).toEqual([
			{ table_id: 'tbl', records: records(0).map((values) => ({ values })) },
			{ table_id: 'tbl', records: records(150).map((values) => ({ values })) },
		]);
	});

	it('never fails a request on its way because work done ahead failed; that work fails where it belongs', async () => {
		const { client, bodies } = fakeClient();
		const sender = createImportSender(context, client, 'tbl', 'flat');
		const unserializable = [...records(150, 149), { n: { toJSON: () => { throw new Error('cannot encode'); } } } as unknown as TableRecord];
		const [first, bad] = [batch(1, records(0)), batch(2, unserializable)];
		sender.whileInFlight(() => {
			throw new Error('output failed');
		});
		// The first request's rows went in: its task id comes back, whatever failed meanwhile.
		expect(await sender.submit(first, bad)).toEqual({ taskId: 'task-1' });
		// The bad batch fails when it is its turn, before anything is sent for it.
		await expect(sender.submit(bad)).rejects.toThrow('cannot encode');
		expect(bodies).toHaveLength(1);
	});

	it('reuses a body buffer only after its request has settled: no request sees its bytes change', async () => {
		const changed: number[] = [];
		const received: unknown[] = [];
		let calls = 0;
		const client: ApiClient = {
			baseUrl: 'http://127.0.0.1',
			request: async <T>(_method: string, _path: string, body?: unknown) => {
				const call = ++calls;
				const bytes = body as Buffer;
				const copy = Buffer.from(bytes);
				received.push(JSON.parse(copy.toString()));
				// Other requests are encoded and sent while this one is in flight (every third fails).
				await new Promise((resolve) => setTimeout(resolve, 10 + (call % 3) * 5));
				if (!bytes.equals(copy)) changed.push(call);
				return call % 3 === 0
					? { ok: false as const, failure: { message: 'busy', retryable: true } }
					: { ok: true as const, body: { data: [`task-${call}`] } as T };
			},
		};
		const sender = createImportSender(context, client, 'tbl', 'values');
		const batches = Array.from({ length: 12 }, (_, i) => batch(i + 1, records(i * 1000, 100 + i * 20)));
		// Four requests at a time, each told the batch after it, and every batch sent twice (a retry).
		for (let start = 0; start < batches.length; start += 4) {
			const group = batches.slice(start, start + 4);
			await Promise.all(group.map((b, i) => sender.submit(b, batches[start + i + 1])));
			await Promise.all(group.map((b) => sender.submit(b)));
		}
		expect(changed).toEqual([]);
		expect(received).toHaveLength(24);
		const expected = batches.map((b) => ({ table_id: 'tbl', records: b.records.map((values) => ({ values })) }));
		expect(received).toEqual([...expected.slice(0, 4), ...expected.slice(0, 4), ...expected.slice(4, 8), ...expected.slice(4, 8), ...expected.slice(8), ...expected.slice(8)]);
	});
});

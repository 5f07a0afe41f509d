import { apiFailure, isRecordRefusal, retryAfterMs } from '../../nodes/AltaTech/core/apiErrors';
import { API_CODE_TEXT, HTTP_STATUS_TEXT, readMessages } from '../../nodes/AltaTech/core/messages';
import { backoffMs, readWithRetries } from '../../nodes/AltaTech/core/retry';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('how long the server asks to wait', () => {
	it.each([
		['Retry-After in seconds', { 'retry-after': '3' }, 3000],
		['Retry-After with a fraction', { 'retry-after': '1.5' }, 1500],
		['Retry-After as an HTTP date', { 'retry-after': new Date(NOW + 5000).toUTCString() }, 5000],
		['Retry-After as a date already past', { 'retry-after': new Date(NOW - 5000).toUTCString() }, 0],
		['X-RateLimit-Reset in epoch seconds', { 'x-ratelimit-reset': String(NOW / 1000 + 7) }, 7000],
		['X-RateLimit-Reset in epoch milliseconds', { 'x-ratelimit-reset': String(NOW + 4000) }, 4000],
		['X-RateLimit-Reset as seconds to wait', { 'x-ratelimit-reset': '12' }, 12_000],
		['a header given as a list (as Node keeps repeated headers)', { 'retry-after': ['2', '9'] }, 2000],
		['both: the longer wait', { 'retry-after': '0', 'x-ratelimit-reset': '6' }, 6000],
		['neither', {}, undefined],
		['nonsense', { 'retry-after': 'soon', 'x-ratelimit-reset': 'later' }, undefined],
	])('%s', (_case, headers, expected) => {
		expect(retryAfterMs(headers as Record<string, unknown>, NOW, true)).toBe(expected);
	});

	it('waits for X-RateLimit-Reset only when rate limited or nothing remains, Retry-After always', () => {
		const reset = { 'x-ratelimit-remaining': '598', 'x-ratelimit-reset': String(NOW / 1000 + 20) };
		expect(retryAfterMs(reset, NOW, false)).toBeUndefined();
		expect(retryAfterMs(reset, NOW, true)).toBe(20_000);
		expect(retryAfterMs({ ...reset, 'x-ratelimit-remaining': '0' }, NOW, false)).toBe(20_000);
		expect(retryAfterMs({ ...reset, 'retry-after': '3' }, NOW, false)).toBe(3000);
	});
});

describe('backoff', () => {
	const policy = { maxRetries: 3, baseDelayMs: 1000 };

	it('doubles per attempt with jitter in its upper half, up to 30 s', () => {
		for (let attempt = 0; attempt < 8; attempt++) {
			const full = Math.min(30_000, 1000 * 2 ** attempt);
			for (let draw = 0; draw < 50; draw++) {
				const ms = backoffMs(attempt, policy, undefined);
				expect(ms).toBeGreaterThanOrEqual(full / 2);
				expect(ms).toBeLessThanOrEqual(full);
			}
		}
	});

	it("waits at least as long as the server asked, up to 5 minutes", () => {
		expect(backoffMs(0, policy, 20_000)).toBe(20_000);
		expect(backoffMs(0, policy, 60 * 60_000)).toBe(5 * 60_000);
	});
});

describe('retrying a read', () => {
	const policy = { maxRetries: 3, baseDelayMs: 1000 };
	const failing = () => {
		let reads = 0;
		const read = async () => (reads++, { ok: false as const, failure: { message: 'HTTP 500', retryable: true } });
		return { read, reads: () => reads };
	};

	it('retries a transient failure up to maxRetries times', async () => {
		const { read, reads } = failing();
		const result = await readWithRetries(read, policy, { sleep: async () => undefined, isCancelled: () => false });
		expect(result.ok).toBe(false);
		expect(reads()).toBe(4);
	});

	it('reads nothing more once the execution is stopped, before a read or while waiting to retry', async () => {
		const { read, reads } = failing();
		let stopped = false;
		const result = await readWithRetries(read, policy, { sleep: async () => void (stopped = true), isCancelled: () => stopped });
		expect(reads()).toBe(1);
		expect(result).toEqual({ ok: false, failure: { message: 'HTTP 500', retryable: true } });
		const before = await readWithRetries(read, policy, { sleep: async () => undefined, isCancelled: () => true });
		expect(reads()).toBe(1);
		expect(before).toEqual({ ok: false, failure: { message: readMessages.stopped() } });
	});

	it('starts no retry that would end past the time left', async () => {
		const { read, reads } = failing();
		let clock = 0;
		const waits = { sleep: async (ms: number) => void (clock += ms), isCancelled: () => false };
		// 2.5 s left: the first backoff (0.5 to 1 s) leaves a second to answer; the second (1 to 2 s) only if the first was short.
		await readWithRetries(read, policy, waits, () => 2500 - clock);
		expect(clock).toBeLessThan(2500);
		expect(reads()).toBeGreaterThanOrEqual(2);
		expect(reads()).toBeLessThanOrEqual(3);
		// 1.4 s left: a backoff of at least 0.5 s would leave the retry under a second to answer.
		const { read: short, reads: shortReads } = failing();
		await readWithRetries(short, policy, waits, () => 1400);
		expect(shortReads()).toBe(1);
		const { read: never, reads: neverReads } = failing();
		await readWithRetries(never, policy, waits, () => 0);
		expect(neverReads()).toBe(1);
	});
});

describe('what a failed answer means, by status and code', () => {
	it('a parameter error refuses the records, unless the status says the address serves no such request', () => {
		expect(isRecordRefusal(apiFailure({ httpStatus: 400, code: 40000 }))).toBe(true);
		expect(isRecordRefusal(apiFailure({ httpStatus: 200, code: 40000 }))).toBe(true);
		expect(isRecordRefusal(apiFailure({ httpStatus: 404, code: 40000 }))).toBe(false);
		expect(isRecordRefusal(apiFailure({ httpStatus: 405, code: 40000 }))).toBe(false);
		expect(isRecordRefusal(apiFailure({ httpStatus: 400, code: 403106 }))).toBe(false);
	});

	it("names the missing address for a 404 or 405, and the code's own meaning when it has one", () => {
		expect(apiFailure({ httpStatus: 404, code: 40000 }).message).toBe(HTTP_STATUS_TEXT[404]);
		expect(apiFailure({ httpStatus: 405 }).message).toBe(HTTP_STATUS_TEXT[405]);
		expect(apiFailure({ httpStatus: 404, code: 403106 }).message).toBe(API_CODE_TEXT[403106]);
		expect(apiFailure({ httpStatus: 404, code: 40127 }).message).toBe(API_CODE_TEXT[40127]);
		expect(apiFailure({ httpStatus: 400, code: 40000 }).message).toBe(API_CODE_TEXT[40000]);
	});
});

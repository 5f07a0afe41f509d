import { retryAfterMs } from '../../nodes/AltaTech/core/apiErrors';
import { backoffMs } from '../../nodes/AltaTech/core/retry';

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
		expect(retryAfterMs(headers as Record<string, unknown>, NOW)).toBe(expected);
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

/**
 * Waits `ms`, or less when `signal` aborts (the execution was stopped): no wait goes on after
 * a stop. AbortSignal.timeout rather than a timer: n8n's nodes may not use timers directly, and
 * n8n-workflow's cancellable sleep is not in every n8n version the node runs in.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (ms <= 0 || signal?.aborted) return;
	await new Promise<void>((resolve) => {
		const timer = AbortSignal.timeout(Math.ceil(ms));
		const done = () => {
			timer.removeEventListener('abort', done);
			signal?.removeEventListener('abort', done);
			resolve();
		};
		timer.addEventListener('abort', done, { once: true });
		signal?.addEventListener('abort', done, { once: true });
	});
}

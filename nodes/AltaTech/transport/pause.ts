/**
 * A wait of `ms` that ends early when `signal` aborts (the execution was stopped); `cancel`
 * drops it, listeners and all. AbortSignal.timeout rather than a timer: n8n's nodes may not use
 * timers directly, and n8n-workflow's cancellable sleep is not in every n8n version the node
 * runs in. Its timer does not keep the process alive, and is left to run out when cancelled.
 */
export function abortableWait(ms: number, signal?: AbortSignal): { ended: Promise<void>; cancel(): void } {
	const timer = AbortSignal.timeout(Math.ceil(ms));
	let resolveEnded = () => {};
	const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
	function cancel() {
		timer.removeEventListener('abort', end);
		signal?.removeEventListener('abort', end);
	}
	function end() {
		cancel();
		resolveEnded();
	}
	timer.addEventListener('abort', end, { once: true });
	signal?.addEventListener('abort', end, { once: true });
	return { ended, cancel };
}

/** Waits `ms`, or less when `signal` aborts: no wait goes on after a stop. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (ms <= 0 || signal?.aborted) return;
	await abortableWait(ms, signal).ended;
}

/**
 * A very small sequential test runner: the e2e tests share long-lived processes (n8n, the
 * emulator), which a plain loop handles more simply than jest. Records pass/fail per test and
 * prints one line each, with the time taken.
 */
class Runner {
	constructor() {
		this.results = [];
	}

	/** Runs `fn` as one test; a thrown error fails it, and the suite goes on. */
	async test(name, fn) {
		const started = Date.now();
		try {
			await fn();
			this.record(name, true, started);
		} catch (error) {
			this.record(name, false, started, error);
		}
	}

	/** Counts a test that could not run because its set-up failed. */
	skipFailed(name, reason) {
		this.record(name, false, Date.now(), new Error(`not run: ${reason}`));
	}

	record(name, passed, started, error) {
		const ms = Date.now() - started;
		this.results.push({ name, passed, ms, error: error ? String(error.stack ?? error) : undefined });
		const seconds = (ms / 1000).toFixed(1);
		console.log(`  ${passed ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)`);
		if (error) console.log(`       ${String(error.message ?? error).split('\n').slice(0, 12).join('\n       ')}`);
	}

	get passed() {
		return this.results.filter((r) => r.passed).length;
	}

	get failed() {
		return this.results.length - this.passed;
	}
}

module.exports = { Runner };

/**
 * Loaded into the n8n under test as an external hook file (EXTERNAL_HOOK_FILES). After each
 * execution it keeps what the bench reads: every node's run times from the run data (the
 * executionTime the editor shows) and the process's peak RSS during the execution. It answers
 * on 127.0.0.1:$BENCH_CONTROL_PORT:
 *   POST /prepare        full garbage collection, then the peak RSS is reset to the current RSS
 *   GET  /sequence       the sequence number of the last execution summary
 *   GET  /result?after=N the first execution summary with a sequence number above N (404: none yet)
 * Nothing here runs during an execution; the summary is taken once the execution has finished,
 * except one clock read before and after each node's own code (n8n-core's runNode): a node's
 * executionTime also counts what n8n does with its input items before calling it (it copies
 * each item, which behind n8n 1.x's Code node means reading vm2 proxies), and `ownMs` does not.
 * With BENCH_PROFILE_DIR set, /prepare also starts V8's CPU profiler and its sampling heap
 * profiler (every allocation sampled, also what garbage collection has freed since), and the next
 * execution's profiles are written there when it ends (<workflow>-<sequence>.cpuprofile and
 * .heapprofile, which Chrome's DevTools open): a profiling aid, not for measured runs.
 */
const fs = require('node:fs');
const http = require('node:http');
const v8 = require('node:v8');
const vm = require('node:vm');

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc');

function statusKb(field) {
	const match = fs.readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
	return match ? Number(match[1]) * 1024 : undefined;
}

const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
let profiler;

function startProfile() {
	const { Session } = require('node:inspector');
	profiler = new Session();
	profiler.connect();
	profiler.post('Profiler.enable', () => profiler.post('Profiler.setSamplingInterval', { interval: 200 }, () => profiler.post('Profiler.start')));
	// Every allocation sampled, also what garbage collection has freed since: who allocates, not who keeps.
	profiler.post('HeapProfiler.enable', () =>
		profiler.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }),
	);
}

function stopProfile(name) {
	const session = profiler;
	profiler = undefined;
	session.post('Profiler.stop', (error, result) => {
		if (!error) fs.writeFileSync(`${PROFILE_DIR}/${name}.cpuprofile`, JSON.stringify(result.profile));
		session.post('HeapProfiler.stopSampling', (heapError, heap) => {
			if (!heapError) fs.writeFileSync(`${PROFILE_DIR}/${name}.heapprofile`, JSON.stringify(heap.profile));
			session.disconnect();
		});
	});
}

/** Per node name, the time each of its runs spent in runNode, in order. */
const ownTimes = new Map();

function timeRunNode() {
	const path = require('node:path');
	const { WorkflowExecute } = require(require.resolve('n8n-core', { paths: [path.dirname(require.main.filename)] }));
	const runNode = WorkflowExecute.prototype.runNode;
	WorkflowExecute.prototype.runNode = async function timedRunNode(workflow, executionData, ...rest) {
		const started = performance.now();
		try {
			return await runNode.call(this, workflow, executionData, ...rest);
		} finally {
			const name = executionData.node.name;
			if (!ownTimes.has(name)) ownTimes.set(name, []);
			ownTimes.get(name).push(performance.now() - started);
		}
	};
}
timeRunNode();

const summaries = [];
let sequence = 0;

const time = (value) => (value === undefined ? undefined : new Date(value).getTime());

function summarize(fullRunData, workflowData, executionId) {
	const peakRss = statusKb('VmHWM');
	const resultData = fullRunData?.data?.resultData ?? {};
	const nodes = {};
	for (const [name, runs] of Object.entries(resultData.runData ?? {})) {
		const own = ownTimes.get(name) ?? [];
		nodes[name] = runs.map((run, index) => ({
			startTime: run.startTime,
			executionTime: run.executionTime,
			ownMs: own[own.length - runs.length + index],
			status: run.executionStatus,
			items: run.data?.main?.[0]?.length ?? 0,
			error: run.error?.message,
		}));
	}
	ownTimes.clear();
	return {
		sequence: ++sequence,
		executionId,
		workflow: workflowData?.name,
		status: fullRunData?.status,
		error: resultData.error ? `${resultData.error.message}${resultData.error.description ? ` (${resultData.error.description})` : ''}` : undefined,
		startedAt: time(fullRunData?.startedAt),
		stoppedAt: time(fullRunData?.stoppedAt),
		nodes,
		peakRss,
		rssAtEnd: statusKb('VmRSS'),
	};
}

const port = Number(process.env.BENCH_CONTROL_PORT);
if (port) {
	http
		.createServer((request, response) => {
			const url = new URL(request.url, 'http://localhost');
			const reply = (status, body) => {
				response.writeHead(status, { 'content-type': 'application/json' });
				response.end(JSON.stringify(body));
			};
			if (request.method === 'POST' && url.pathname === '/prepare') {
				collectGarbage();
				collectGarbage();
				// V8 hands freed pages back to the system in the background: let it finish first.
				setTimeout(() => {
					fs.writeFileSync('/proc/self/clear_refs', '5'); // peak RSS := current RSS
					if (PROFILE_DIR) startProfile();
					reply(200, { rss: statusKb('VmRSS'), sequence, pid: process.pid, heapLimit: v8.getHeapStatistics().heap_size_limit });
				}, Number(url.searchParams.get('settleMs') ?? 0));
				return;
			}
			if (url.pathname === '/sequence') return reply(200, { sequence });
			if (url.pathname === '/result') {
				const after = Number(url.searchParams.get('after') ?? 0);
				const found = summaries.find((summary) => summary.sequence > after);
				return found ? reply(200, found) : reply(404, { sequence });
			}
			reply(404, {});
		})
		.listen(port, '127.0.0.1')
		.unref();
}

module.exports = {
	workflow: {
		postExecute: [
			async function benchSummary(fullRunData, workflowData, executionId) {
				summaries.push(summarize(fullRunData, workflowData, executionId));
				if (profiler) stopProfile(`${String(workflowData?.name).replace(/[^\w.-]+/g, '_')}-${sequence}`);
				if (summaries.length > 20) summaries.shift();
			},
		],
	},
};

/**
 * Loaded into the n8n under test as an external hook file (EXTERNAL_HOOK_FILES). After each
 * execution it keeps what the bench reads: every node's run times from the run data (the
 * executionTime the editor shows) and the process's peak RSS during the execution. It answers
 * on 127.0.0.1:$BENCH_CONTROL_PORT:
 *   POST /prepare        full garbage collection, then the peak RSS is reset to the current RSS
 *   GET  /sequence       the sequence number of the last execution summary
 *   GET  /result?after=N the first execution summary with a sequence number above N (404: none yet)
 * Nothing here runs during an execution; the summary is taken once the execution has finished.
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

const summaries = [];
let sequence = 0;

const time = (value) => (value === undefined ? undefined : new Date(value).getTime());

function summarize(fullRunData, workflowData, executionId) {
	const peakRss = statusKb('VmHWM');
	const resultData = fullRunData?.data?.resultData ?? {};
	const nodes = {};
	for (const [name, runs] of Object.entries(resultData.runData ?? {})) {
		nodes[name] = runs.map((run) => ({
			startTime: run.startTime,
			executionTime: run.executionTime,
			status: run.executionStatus,
			items: run.data?.main?.[0]?.length ?? 0,
			error: run.error?.message,
		}));
	}
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
				if (summaries.length > 20) summaries.shift();
			},
		],
	},
};

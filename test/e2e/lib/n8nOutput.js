/** Reading what n8n reports about an execution: `execute --rawOutput` text and stored executions. */
const path = require('node:path');

/**
 * `n8n execute --rawOutput` prints the run as indented JSON, on 2.x between log lines: take the
 * text from the first line that is `{` to the last line that is `}`.
 */
function parseRawOutput(stdout) {
	const lines = stdout.split('\n');
	const first = lines.findIndex((line) => line.trimEnd() === '{');
	const last = lines.findLastIndex((line) => line.trimEnd() === '}');
	if (first < 0 || last < first) throw new Error(`no JSON run in n8n's output: ${stdout.slice(0, 800)}`);
	return JSON.parse(lines.slice(first, last + 1).join('\n'));
}

/** The JSON of the items a node put on its first output in a run. */
function nodeOutput(run, nodeName) {
	const taskData = run.data.resultData.runData[nodeName];
	if (!taskData) throw new Error(`node ${nodeName} did not run; error: ${run.data.resultData.error?.message}`);
	return taskData[0].data.main[0].map((item) => item.json);
}

/** The error of a workflow's latest execution, from n8n's REST API (data is stored `flatted`). */
async function lastExecutionError(rest, workflowId, install) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = await rest.call('GET', `/executions?filter=${filter}&limit=1`);
	const [latest] = list.results ?? list;
	if (!latest) throw new Error(`no execution of ${workflowId}`);
	const execution = await rest.call('GET', `/executions/${latest.id}`);
	const flatted = require(require.resolve('flatted', { paths: [path.join(install.dir, 'node_modules', 'n8n')] }));
	const data = typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
	return data.resultData.error ?? {};
}

module.exports = { parseRawOutput, nodeOutput, lastExecutionError };

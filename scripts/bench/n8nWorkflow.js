// @ts-check
/**
 * Runs arbitrary workflows of n8n's own nodes (n8n-nodes-base of the cached n8n 1.123.81) with
 * n8n-core's WorkflowExecute, the way test/harness/workflow.js runs the AltaTech node: a
 * trigger, an item source holding the bench's items, then the workflow under test.
 */
const os = require('node:os');
const fs = require('node:fs');
const path = require('node:path');

process.env.N8N_USER_FOLDER ??= fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-bench-n8n-'));
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';
process.env.N8N_LOG_LEVEL ??= 'silent';

/**
 * Which n8n-core and n8n-workflow run the workflow: the project's devDependencies (the same
 * versions n8n 1.123.81 ships) unless BENCH_N8N_CORE=cache asks for the cached n8n's own copies.
 */
function loadEngine(n8nDir) {
	const from = process.env.BENCH_N8N_CORE === 'cache' ? [path.join(n8nDir, 'node_modules')] : [path.resolve(__dirname, '../..')];
	const core = require(require.resolve('n8n-core', { paths: from }));
	const workflowLib = require(require.resolve('n8n-workflow', { paths: from }));
	return { core, workflowLib };
}

const { datasets, ManualTrigger, ItemSource } = require('../../test/harness/sourceNodes');

/** n8n's own node classes, by the type names workflows use. */
function loadN8nNodes(n8nDir) {
	const base = path.join(n8nDir, 'node_modules/n8n-nodes-base/dist/nodes');
	const { SplitInBatches } = require(path.join(base, 'SplitInBatches/SplitInBatches.node.js'));
	const { Aggregate } = require(path.join(base, 'Transform/Aggregate/Aggregate.node.js'));
	const { HttpRequest } = require(path.join(base, 'HttpRequest/HttpRequest.node.js'));
	const { NoOp } = require(path.join(base, 'NoOp/NoOp.node.js'));
	return {
		'n8n-nodes-base.splitInBatches': new SplitInBatches(),
		'n8n-nodes-base.aggregate': new Aggregate(),
		'n8n-nodes-base.httpRequest': new HttpRequest(),
		'n8n-nodes-base.noOp': new NoOp(),
	};
}

/**
 * @param {string} n8nDir the cached n8n install (its node_modules holds n8n-nodes-base)
 */
function createWorkflowRunner(n8nDir) {
	const { core, workflowLib } = loadEngine(n8nDir);
	const { WorkflowExecute, ExecutionLifecycleHooks } = core;
	const { Workflow, NodeHelpers } = workflowLib;
	const types = { 'bench.manualTrigger': new ManualTrigger(), 'bench.itemSource': new ItemSource(), ...loadN8nNodes(n8nDir) };
	const nodeTypes = {
		getByName: (name) => types[name],
		getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(types[name], version),
		getKnownTypes: () => ({}),
	};
	let runs = 0;

	/**
	 * Runs Start -> Items -> `nodes`, the first of which takes the items. Returns the run data.
	 * @param {{ items: object[], nodes: object[], connections: Record<string, unknown> }} workflowSpec
	 */
	async function run({ items, nodes, connections }) {
		const id = ++runs;
		const dataset = `dataset-${id}`;
		datasets.set(dataset, items);
		const allNodes = [
			{ id: 's1', name: 'Start', type: 'bench.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 's2', name: 'Items', type: 'bench.itemSource', typeVersion: 1, position: [200, 0], parameters: { dataset } },
			...nodes,
		];
		const allConnections = {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: nodes[0].name, type: 'main', index: 0 }]] },
			...connections,
		};
		const workflow = new Workflow({ id: `wf-${id}`, name: 'bench', nodes: allNodes, connections: allConnections, active: false, nodeTypes, settings: { executionOrder: 'v1' } });
		const workflowData = { id: `wf-${id}`, name: 'bench', nodes: allNodes, connections: allConnections, active: false, settings: {}, createdAt: new Date(), updatedAt: new Date(), isArchived: false, activeVersionId: null };
		const hooks = new ExecutionLifecycleHooks('manual', `exec-${id}`, /** @type {any} */ (workflowData));
		const additionalData = /** @type {any} */ ({
			hooks,
			executionId: `exec-${id}`,
			restApiUrl: 'http://localhost', instanceBaseUrl: 'http://localhost', formWaitingBaseUrl: '', webhookBaseUrl: '', webhookWaitingBaseUrl: '', webhookTestBaseUrl: '',
			variables: {},
		});
		try {
			const result = await new WorkflowExecute(additionalData, 'manual').run(workflow, workflow.getNode('Start') ?? undefined);
			const error = result.data.resultData.error;
			if (error) throw new Error(`the workflow failed: ${error.message}${error.description ? ` (${error.description})` : ''}`);
			return result.data.resultData.runData;
		} finally {
			datasets.delete(dataset);
		}
	}

	return { run };
}

module.exports = { createWorkflowRunner };

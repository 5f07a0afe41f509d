// @ts-check
/**
 * Runs real workflows in-process with n8n-core's WorkflowExecute: a manual trigger feeding an
 * item source feeding the built AltaTech node (from dist/). Credentials are applied by the same
 * logic n8n's CredentialsHelper uses, so the real Bearer header goes over the wire.
 */
const os = require('node:os');
const fs = require('node:fs');
const path = require('node:path');

// n8n-core reads these when first loaded: keep it out of ~/.n8n and quiet.
if (!process.env.N8N_USER_FOLDER) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-n8n-'));
	process.env.N8N_USER_FOLDER = userFolder;
	process.on('exit', () => fs.rmSync(userFolder, { recursive: true, force: true }));
}
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';
process.env.N8N_LOG_LEVEL ??= 'silent';

const { WorkflowExecute, ExecutionLifecycleHooks, LoadOptionsContext } = require('n8n-core');
const { Workflow } = require('n8n-workflow');
const { createCredentialsHelper } = require('./credentials');

const DIST = path.resolve(__dirname, '../../dist');
const NODE_TYPE = 'n8n-nodes-altatech.altaTech';

const { datasets, ManualTrigger, ItemSource } = require('./sourceNodes');

let datasetCounter = 0;
/** When the AltaTech node's execute() last returned or threw. */
const nodeWork = { endedAt: 0 };

function loadNodeTypes() {
	const { AltaTech } = require(path.join(DIST, 'nodes/AltaTech/AltaTech.node.js'));
	const { AltaTechApi } = require(path.join(DIST, 'credentials/AltaTechApi.credentials.js'));
	const types = {
		'test.manualTrigger': new ManualTrigger(),
		'test.itemSource': new ItemSource(),
		[NODE_TYPE]: new AltaTech(),
	};
	const nodeTypes = {
		getByName: (name) => types[name],
		getByNameAndVersion: (name) => types[name],
		getKnownTypes: () => ({}),
	};
	// When the node's own work ends: after a cancel, n8n resolves the run at once while the node may go on.
	const node = types[NODE_TYPE];
	const execute = node.execute;
	node.execute = async function (...args) {
		try {
			return await execute.apply(this, args);
		} finally {
			nodeWork.endedAt = Date.now();
		}
	};
	return { nodeTypes, credentialType: new AltaTechApi(), altaTech: node };
}

let loaded;
function loadOnce() {
	return (loaded ??= loadNodeTypes());
}

/**
 * Runs Start -> Items -> AltaTech and returns what the AltaTech node produced.
 * @param {object} opts
 * @param {object[]} opts.items JSON of the items fed to the node
 * @param {object} opts.parameters the AltaTech node's parameters
 * @param {{apiKey: string, baseUrl: string}} opts.credentials
 * @param {'stopWorkflow'|'continueRegularOutput'|'continueErrorOutput'} [opts.onError]
 * @param {number} [opts.typeVersion] the node's version (saved workflows keep theirs)
 * @param {(execution: { cancel(): void }) => void} [opts.whileRunning] called once the run starts, to stop it as a user would
 */
async function runAltaTechWorkflow({ items, parameters, credentials, onError = 'stopWorkflow', typeVersion = 1, whileRunning }) {
	const { nodeTypes, credentialType } = loadOnce();
	const dataset = `dataset-${++datasetCounter}`;
	datasets.set(dataset, items);
	const nodes = [
		{ id: 'n1', name: 'Start', type: 'test.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'n2', name: 'Items', type: 'test.itemSource', typeVersion: 1, position: [200, 0], parameters: { dataset } },
		{
			id: 'n3', name: 'AltaTech', type: NODE_TYPE, typeVersion, position: [400, 0], parameters,
			credentials: { altaTechApi: { id: 'cred-1', name: 'AltaTech account' } },
			...(onError === 'stopWorkflow' ? {} : { onError }),
		},
	];
	const connections = {
		Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
		Items: { main: [[{ node: 'AltaTech', type: 'main', index: 0 }]] },
	};
	const workflow = new Workflow({ id: 'wf-1', name: 'test', nodes, connections, active: false, nodeTypes, settings: { executionOrder: 'v1' } });
	const workflowData = { id: 'wf-1', name: 'test', nodes, connections, active: false, settings: {}, createdAt: new Date(), updatedAt: new Date(), isArchived: false, activeVersionId: null };
	const hooks = new ExecutionLifecycleHooks('manual', `exec-${datasetCounter}`, /** @type {any} */ (workflowData));
	/** @type {any} */
	let fullRun;
	hooks.addHandler('workflowExecuteAfter', (run) => {
		fullRun = run;
	});
	const credentialsHelper = createCredentialsHelper({ 'cred-1': credentials }, credentialType);
	const additionalData = /** @type {any} */ ({
		hooks,
		credentialsHelper,
		executionId: `exec-${datasetCounter}`,
		restApiUrl: 'http://localhost', instanceBaseUrl: 'http://localhost', formWaitingBaseUrl: '', webhookBaseUrl: '', webhookWaitingBaseUrl: '', webhookTestBaseUrl: '',
		variables: {},
	});
	try {
		const execution = new WorkflowExecute(additionalData, 'manual').run(workflow, workflow.getNode('Start') ?? undefined);
		whileRunning?.({ cancel: () => execution.cancel() });
		const run = await execution;
		fullRun ??= run;
	} finally {
		datasets.delete(dataset);
	}
	const taskData = fullRun.data.resultData.runData.AltaTech?.[0];
	const error = fullRun.data.resultData.error ?? taskData?.error;
	return {
		output: taskData?.data?.main?.[0] ?? [],
		errorOutput: taskData?.data?.main?.[1] ?? [],
		error,
		ran: Boolean(taskData),
		status: fullRun.status,
		/** How many times the node had n8n load and decrypt its credential. */
		credentialReads: credentialsHelper.reads,
		/** The node's execution time as n8n measures it (and shows it in the editor), in ms. */
		executionTimeMs: taskData?.executionTime,
		/** The hints the node gave n8n's output pane (their messages). */
		hints: (taskData?.hints ?? []).map((hint) => hint.message),
	};
}

/**
 * Calls the node's resource-mapper method the way the editor does when it loads the Columns
 * list: through n8n-core's LoadOptionsContext, with the credential applied.
 */
/** A load-options context for the node, as the editor makes one to fill a parameter. */
function editorContext({ parameters, credentials, typeVersion = 1, path }) {
	const { nodeTypes, credentialType, altaTech } = loadOnce();
	const node = {
		id: 'n3', name: 'AltaTech', type: NODE_TYPE, typeVersion, position: [0, 0], parameters,
		credentials: { altaTechApi: { id: 'cred-1', name: 'AltaTech account' } },
	};
	const workflow = new Workflow({ id: 'wf-2', nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = /** @type {any} */ ({ credentialsHelper: createCredentialsHelper({ 'cred-1': credentials }, credentialType) });
	return { altaTech, context: new LoadOptionsContext(workflow, node, additionalData, path) };
}

async function loadColumns({ parameters, credentials }) {
	const { altaTech, context } = editorContext({ parameters, credentials, path: 'parameters.columns' });
	return await altaTech.methods.resourceMapping.getColumns.call(context);
}

/** The Table picker's list, as the editor asks for it (version 1.1). */
async function searchTables({ credentials, filter }) {
	const parameters = { resource: 'tableData', operation: 'add', tableId: { __rl: true, mode: 'list', value: '' } };
	const { altaTech, context } = editorContext({ parameters, credentials, typeVersion: 1.1, path: 'parameters.tableId' });
	return await altaTech.methods.listSearch.searchTables.call(context, filter);
}

/**
 * Replaces n8n's logger (what nodes reach as this.logger) with one that keeps every line, so
 * tests can read what the node logged. Returns the list it fills.
 */
function captureLogs() {
	const { Container } = require('@n8n/di');
	const { Logger } = require('@n8n/backend-common');
	/** @type {Array<{level: string, message: string, meta: unknown}>} */
	const lines = [];
	const record = (level) => (message, meta) => lines.push({ level, message: String(message), meta });
	const logger = { error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug') };
	/** @type {any} */ (logger).scoped = () => logger;
	Container.set(Logger, logger);
	return lines;
}

/** n8n-core starts an SSH client manager whose timer keeps jest alive; stop it. */
function shutdownN8nCore() {
	const { Container } = require('@n8n/di');
	const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager.js');
	Container.get(SSHClientsManager).onShutdown();
}

module.exports = { runAltaTechWorkflow, loadColumns, searchTables, captureLogs, shutdownN8nCore, loadNodeTypes: loadOnce, NODE_TYPE, nodeWork };

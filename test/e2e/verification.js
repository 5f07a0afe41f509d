/**
 * n8n's verification checks for community nodes, run on what users would install:
 * `@n8n/scan-community-package`'s analyzePackage on the source (package.json, nodes/,
 * credentials/) and on the unpacked tarball, exactly its two legs; and the listing rules:
 * no runtime dependencies, MIT licence, a codex file with categories and documentation links,
 * light and dark SVG icons.
 */
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureTools, ROOT } = require('../../scripts/n8n/install');

function unpack(tarball) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-scan-'));
	const untar = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
	if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
	// The built node imports n8n-workflow, a peer n8n provides; lend it ours to load the class.
	fs.mkdirSync(path.join(dir, 'node_modules'));
	fs.symlinkSync(path.join(ROOT, 'node_modules', 'n8n-workflow'), path.join(dir, 'node_modules', 'n8n-workflow'));
	return dir;
}

/** The source leg lints what `n8n-node lint` covers: package.json, nodes/, credentials/. */
function copySources() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-scan-src-'));
	fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
	for (const folder of ['nodes', 'credentials']) fs.cpSync(path.join(ROOT, folder), path.join(dir, folder), { recursive: true });
	return dir;
}

async function loadScanner() {
	const tools = ensureTools();
	return await import(path.join(tools, 'node_modules/@n8n/scan-community-package/scanner/scanner.mjs'));
}

const findings = (result) => (result.passed ? '' : `${result.message}\n${result.details ?? ''}`);

function walk(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

async function runVerificationChecks(runner, tarball) {
	const packageDir = unpack(tarball);
	const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const t = (name, fn) => runner.test(`verification: ${name}`, fn);
	let scanner;

	await t('@n8n/scan-community-package finds nothing in the source (community-node lint rules)', async () => {
		scanner = await loadScanner();
		const sources = copySources();
		const result = await scanner.analyzePackage(sources, scanner.SOURCE_FILE_PATTERNS);
		fs.rmSync(sources, { recursive: true, force: true });
		assert.equal(findings(result), '');
	});

	await t('@n8n/scan-community-package finds nothing in the packed tarball', async () => {
		scanner ??= await loadScanner();
		assert.equal(findings(await scanner.analyzePackage(packageDir, ['**/*.js', 'package.json'])), '');
	});

	await t('the scanner does flag a violation (a console.log planted in a copy of the tarball)', async () => {
		scanner ??= await loadScanner();
		const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-scan-bad-'));
		fs.cpSync(packageDir, copy, { recursive: true });
		fs.appendFileSync(path.join(copy, manifest.n8n.nodes[0]), '\nconsole.log("planted");\n');
		const result = await scanner.analyzePackage(copy, ['**/*.js', 'package.json']); // ignores node_modules
		fs.rmSync(copy, { recursive: true, force: true });
		assert.equal(result.passed, false);
		assert.match(result.details, /no-console/);
	});

	await t('no runtime dependencies, n8n-workflow only as a peer, MIT licence file', () => {
		assert.deepEqual(manifest.dependencies ?? {}, {});
		assert.deepEqual(Object.keys(manifest.peerDependencies ?? {}), ['n8n-workflow']);
		assert.equal(manifest.license, 'MIT');
		assert.match(fs.readFileSync(path.join(packageDir, 'LICENSE'), 'utf8'), /^MIT License/);
		assert.ok(manifest.keywords.includes('n8n-community-node-package'));
		assert.match(manifest.name, /^(@[a-z0-9-]+\/)?n8n-nodes-/);
	});

	await t('the codex file (.node.json) has categories and documentation links', () => {
		const codexFiles = walk(packageDir).filter((f) => f.endsWith('.node.json'));
		assert.equal(codexFiles.length, manifest.n8n.nodes.length);
		for (const file of codexFiles) {
			const codex = JSON.parse(fs.readFileSync(file, 'utf8'));
			assert.equal(codex.node, `${manifest.name}.${path.basename(file, '.node.json').replace(/^./, (c) => c.toLowerCase())}`);
			assert.ok(codex.categories?.length > 0, 'categories');
			assert.match(codex.resources?.primaryDocumentation?.[0]?.url ?? '', /^https:\/\//);
			assert.match(codex.resources?.credentialDocumentation?.[0]?.url ?? '', /^https:\/\//);
		}
	});

	await t('light and dark SVG icons ship for the node and the credential', () => {
		for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
			const exported = Object.values(require(path.join(packageDir, file)))[0];
			const instance = new exported();
			const icon = instance.description?.icon ?? instance.icon;
			assert.equal(typeof icon, 'object', `${file}: icon must have light and dark variants`);
			for (const variant of ['light', 'dark']) {
				assert.match(icon[variant], /^file:.+\.svg$/, `${file}: ${variant} icon`);
				const svg = path.resolve(path.dirname(path.join(packageDir, file)), icon[variant].slice('file:'.length));
				assert.match(fs.readFileSync(svg, 'utf8'), /<svg[\s>]/, `${svg} is an SVG`);
			}
			assert.notEqual(icon.light, icon.dark, `${file}: the dark icon differs from the light one`);
		}
	});

	fs.rmSync(packageDir, { recursive: true, force: true });
}

module.exports = { runVerificationChecks };

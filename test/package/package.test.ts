/** What n8n users install: the packed tarball, its manifest and the shipped code's rules. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function shippedSources(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? shippedSources(full) : full.endsWith('.ts') ? [full] : [];
	});
}

describe('the published package', () => {
	const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }))[0];
	const files: string[] = packed.files.map((f: { path: string }) => f.path);

	it('holds only dist/, README, LICENSE and package.json', () => {
		expect(files.filter((f) => !f.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
		expect(files).toEqual(expect.arrayContaining(['dist/nodes/AltaTech/altatech.svg', 'dist/nodes/AltaTech/altatech.dark.svg', 'dist/nodes/AltaTech/AltaTech.node.json']));
		expect(files.some((f) => /test|emulator|\.test\./.test(f))).toBe(false);
	});

	it('lists the built node and credential, all present in the tarball', () => {
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(files).toContain(file);
	});

	it('has no runtime dependencies, n8n-workflow as a peer, and the MIT licence', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.license).toBe('MIT');
		expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
	});

	it('describes the node and credential with the names saved workflows depend on', () => {
		const { AltaTech } = require(path.join(ROOT, 'dist/nodes/AltaTech/AltaTech.node.js'));
		const { AltaTechApi } = require(path.join(ROOT, 'dist/credentials/AltaTechApi.credentials.js'));
		const node = new AltaTech().description;
		// Version 1 stays for the saved workflows that use it; new nodes get the newest.
		expect(node).toMatchObject({ name: 'altaTech', displayName: 'AltaTech', version: [1, 1.1], defaultVersion: 1.1, usableAsTool: true });
		const names = node.properties.map((p: { name: string }) => p.name);
		expect(names).toEqual(expect.arrayContaining(['resource', 'operation', 'tableId', 'columns', 'options']));
		const columns = node.properties.find((p: { name: string }) => p.name === 'columns');
		expect(columns.type).toBe('resourceMapper');
		expect(columns.typeOptions.resourceMapper.supportAutoMap).toBe(true);
		const credential = new AltaTechApi();
		expect(credential.name).toBe('altaTechApi');
		expect(credential.displayName).toBe('AltaTech API');
		expect(credential.properties.map((p: { name: string }) => p.name)).toEqual(['apiKey', 'baseUrl']);
		expect(credential.properties[0].typeOptions.password).toBe(true);
	});

	it('shipped code reads no environment, no files, and prints nothing', () => {
		for (const file of [...shippedSources(path.join(ROOT, 'nodes')), ...shippedSources(path.join(ROOT, 'credentials'))]) {
			const source = fs.readFileSync(file, 'utf8');
			expect({ file, hits: source.match(/process\.env|console\.|require\(['"]fs|from ['"](node:)?fs['"]/g) }).toEqual({ file, hits: null });
		}
	});

	it('keeps the import core free of n8n', () => {
		for (const file of shippedSources(path.join(ROOT, 'nodes/AltaTech/core'))) {
			expect({ file, n8n: /from ['"]n8n-/.test(fs.readFileSync(file, 'utf8')) }).toEqual({ file, n8n: false });
		}
	});
});

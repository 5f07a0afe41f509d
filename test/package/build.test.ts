/**
 * `npm run build` (gulpfile.js) gives the dist/ that n8n's own `n8n-node build` gives. Both run in
 * a copy of the shipped code, so the repository's dist/ is left alone.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Every file under `dir`, by its path relative to `dir`, with its bytes. */
function tree(dir: string): Map<string, Buffer> {
	const files = new Map<string, Buffer>();
	const walk = (sub: string) => {
		for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
			const relative = path.join(sub, entry.name);
			if (entry.isDirectory()) walk(relative);
			else files.set(relative, fs.readFileSync(path.join(dir, relative)));
		}
	};
	walk('');
	return files;
}

describe('the build', () => {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-build-'));
	afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

	it('produces what n8n-node build produces', () => {
		for (const entry of ['nodes', 'credentials', 'package.json', 'tsconfig.json', 'gulpfile.js']) {
			fs.cpSync(path.join(ROOT, entry), path.join(work, entry), { recursive: true });
		}
		fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'));
		const run = (script: string, args: string[]) =>
			execFileSync(process.execPath, [path.join(ROOT, 'node_modules', script), ...args], { cwd: work, encoding: 'utf8', stdio: 'pipe' });

		run('@n8n/node-cli/bin/n8n-node.mjs', ['build']);
		fs.renameSync(path.join(work, 'dist'), path.join(work, 'dist-n8n-node'));
		run('gulp/bin/gulp.js', ['build']);

		const ours = tree(path.join(work, 'dist'));
		const theirs = tree(path.join(work, 'dist-n8n-node'));
		expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
		const differing = [...ours].filter(([file, content]) => !content.equals(theirs.get(file)!)).map(([file]) => file);
		expect(differing).toEqual([]);
		// The files n8n loads: the compiled node and credential, the codex file, both icons.
		expect([...ours.keys()]).toEqual(
			expect.arrayContaining([
				'nodes/AltaTech/AltaTech.node.js',
				'nodes/AltaTech/AltaTech.node.json',
				'nodes/AltaTech/altatech.svg',
				'nodes/AltaTech/altatech.dark.svg',
				'credentials/AltaTechApi.credentials.js',
			]),
		);
	});
});

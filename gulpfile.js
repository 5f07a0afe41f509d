/**
 * `npm run build` (`gulp build`): what `n8n-node build` does, step by step: empty dist/, compile
 * with tsc (tsconfig.json also takes in the codex .node.json files, as n8n's template does), then
 * copy the static files beside the compiled code. n8n-node build copies every PNG and SVG of the
 * repository (docs/ too, and so into the tarball); this copies those of the shipped folders only.
 * test/package/build.test.ts checks that both give the same dist/ for the shipped code.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { task, series, src, dest } = require('gulp');

const SHIPPED = ['nodes', 'credentials'];

async function clean() {
	fs.rmSync(path.resolve('dist'), { recursive: true, force: true });
}

async function compile() {
	const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit' });
	if (tsc.status !== 0) throw new Error(`tsc failed (exit ${tsc.status})`);
}

function copyStaticFiles() {
	const patterns = SHIPPED.flatMap((dir) => [`${dir}/**/*.{png,svg}`, `${dir}/**/__schema__/**/*.json`]);
	return src(patterns, { base: '.', encoding: false, allowEmpty: true }).pipe(dest(path.resolve('dist')));
}

task('build:icons', copyStaticFiles);
task('build', series(clean, compile, copyStaticFiles));

const path = require('path');
const { task, src, dest } = require('gulp');

// tsc compiles the code; icons and codex files are copied beside the compiled nodes.
function copyAssets() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest(path.resolve('dist')));
}

task('build:icons', copyAssets);

// The project's own tests and scripts (this folder and test/, which re-exports this file). They
// run under Node with files, processes and the console, which n8n's rules for shipped code (the
// root eslint.config.mjs, n8n's template) forbid. `npm run lint` sets
// ESLINT_FLAGS=unstable_config_lookup_from_file, so ESLint takes the nearest config to each file:
// this one here. Files here are parsed, so a syntax error fails lint; jest and the suites check
// what they do by running them.
import tsParser from '@typescript-eslint/parser';

export default [
	{ files: ['**/*.ts'], languageOptions: { parser: tsParser, sourceType: 'module' } },
	{ files: ['**/*.js'], languageOptions: { sourceType: 'commonjs', ecmaVersion: 'latest' } },
];

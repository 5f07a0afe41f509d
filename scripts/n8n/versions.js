// The n8n releases the e2e suite and the demo run, and what each needs to install offline-safe.
// Measured on these machines: see the notes in shared/notes/n8n-on-these-machines.md.
// n8n's own pnpm install brings peer dependencies that npm's --legacy-peer-deps leaves out:
// date-fns (peer of ts-ics, which the Extract From File node loads), ts-toolbelt (of ts-type).
const MISSING_PEERS = { 'date-fns': '2.30.0', 'ts-toolbelt': '9.6.0' };

const N8N = {
	1: {
		n8n: '1.123.81', // the newest 1.x
		node: null, // the Node running this script (20)
		// n8n-nodes-base pins xlsx to a tarball outside the npm registry; the registry's copy works.
		// @langchain/langgraph@1.0.2 takes the newest langgraph-checkpoint, which needs a newer
		// @langchain/core than n8n pins: `n8n start` then fails to load ("Command start not found").
		overrides: { xlsx: '0.18.5', '@langchain/langgraph-checkpoint': '1.0.1' },
		extraDependencies: MISSING_PEERS,
		// isolated-vm does not build on Node 20; the legacy expression engine does not need it.
		rebuild: ['sqlite3'],
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
	},
	2: {
		n8n: '2.41.1', // 2.41.3 names a dependency the registry lacks
		node: '24.9.0', // n8n 2.x needs Node >= 24; the npm package `node` ships the binary
		overrides: {},
		extraDependencies: MISSING_PEERS,
		rebuild: ['sqlite3', 'isolated-vm'],
		env: {},
	},
};

// Tools the e2e suite drives n8n's checks and the editor with; kept out of the package's devDependencies.
const TOOLS = {
	'@n8n/scan-community-package': '0.32.0', // how n8n scans a community package before listing it
	'playwright-core': '1.65.1', // drives Debian's chromium (no browser download)
};

// The scanner depends on typescript 7, whose package has no JS API; its parser
// (@typescript-eslint, peer typescript <6.1) needs the 5.x line, as in n8n's own pnpm workspace.
const TOOL_OVERRIDES = { typescript: '5.9.3' };

module.exports = { N8N, TOOLS, TOOL_OVERRIDES };

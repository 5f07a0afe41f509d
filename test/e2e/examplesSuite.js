/**
 * The example workflows in examples/: imported with n8n's CLI as they are, and two of them run with
 * `n8n execute` against the emulator: the demo's sample dataset, and the CSV file one with its
 * path pointed at a CSV written here. unknownNodeTypes() checks them against a running n8n.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { runCli, runCliOrThrow, PACKAGE } = require('../../scripts/n8n/instance');
const { ROOT } = require('../../scripts/n8n/install');
const { parseRawOutput, nodeOutput } = require('./lib/n8nOutput');

const EXAMPLES = path.join(ROOT, 'examples');

function exampleWorkflows() {
	return fs
		.readdirSync(EXAMPLES)
		.filter((file) => file.endsWith('.json'))
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')) }));
}

/** Node types (type@version) the examples use that a running n8n's /types/nodes.json lacks. */
function unknownNodeTypes(nodeTypes) {
	const known = new Set(nodeTypes.flatMap((type) => [].concat(type.version).map((version) => `${type.name}@${version}`)));
	return exampleWorkflows().flatMap(({ file, workflow }) =>
		workflow.nodes.map((node) => `${node.type}@${node.typeVersion}`).filter((key) => !known.has(key)).map((key) => `${file}: ${key}`),
	);
}

function executeExample(install, env, workflowId, nodeName) {
	const cli = runCli(install, { ...env, N8N_LOG_LEVEL: 'info' }, ['execute', `--id=${workflowId}`, '--rawOutput']);
	assert.equal(cli.status, 0, `n8n execute ${workflowId}: ${cli.stderr.slice(-1500)}${cli.stdout.slice(-1500)}`);
	return { output: nodeOutput(parseRawOutput(cli.stdout), nodeName), text: cli.stdout + cli.stderr };
}

/**
 * Runs the example tests on a user folder whose n8n is not running (the CLI has the database).
 * `credentialFor(id, name)` writes a credential file pointing at the emulator; returns its path.
 */
async function runExamplesSuite({ t, install, env, work, emulator, credentialFor, seen }) {
	const examples = exampleWorkflows();

	await t("examples: every workflow in examples/ imports as it is with n8n's CLI", async () => {
		assert.ok(examples.length >= 4, `found ${examples.length} example workflows`);
		seen.push(runCliOrThrow(install, env, ['import:workflow', '--separate', `--input=${EXAMPLES}`]).stdout);
		const exported = runCliOrThrow(install, env, ['export:workflow', '--all', `--output=${path.join(work, 'exported.json')}`]);
		seen.push(exported.stdout);
		const ids = JSON.parse(fs.readFileSync(path.join(work, 'exported.json'), 'utf8')).map((w) => w.id);
		for (const { file, workflow } of examples) assert.ok(ids.includes(workflow.id), `${file} (${workflow.id}) was not imported`);
	});

	const demo = examples.find(({ file }) => file === 'sample-dataset-to-altatech.json')?.workflow;
	await t('examples: the sample dataset workflow (the demo) imports 3,500 rows in four requests', async () => {
		const altaTech = demo.nodes.find((node) => node.type === `${PACKAGE}.altaTech`);
		const { id, name } = altaTech.credentials.altaTechApi;
		runCliOrThrow(install, env, ['import:credentials', `--input=${credentialFor(id, name)}`]);
		await emulator.reset();
		const { output, text } = executeExample(install, env, demo.id, altaTech.name);
		seen.push(text);
		assert.deepEqual((await emulator.imports()).map((r) => [r.recordCount, r.code]), [[1000, 0], [1000, 0], [1000, 0], [500, 0]]);
		const rows = await emulator.rows(altaTech.parameters.tableId);
		assert.equal(rows.length, 3500);
		assert.equal(rows[3499].id, 'SKU-03500');
		assert.equal(output.length, 3500);
		assert.ok(output.every((item) => item.taskId && !item.error));
	});

	await t('examples: the CSV file workflow reads a file, parses it and imports its rows', async () => {
		const csvDir = path.join(work, 'files');
		fs.mkdirSync(csvDir, { recursive: true });
		const csv = path.join(csvDir, 'products.csv');
		fs.writeFileSync(csv, 'sku,name,price\nA-1,"Chair, oak",49.5\nA-2,"Lamp ""Arc""",19\n');
		const { workflow } = examples.find(({ file }) => file === 'csv-file-to-altatech.json');
		// The example is imported as it is above; this copy only points at our file and table.
		const copy = structuredClone(workflow);
		copy.id = 'e2eCsvExample001';
		copy.nodes.find((node) => node.type === 'n8n-nodes-base.readWriteFile').parameters.fileSelector = csv;
		copy.nodes.find((node) => node.type === `${PACKAGE}.altaTech`).parameters.tableId = 'tbl_csv';
		fs.writeFileSync(path.join(work, 'csv-example.json'), JSON.stringify(copy));
		runCliOrThrow(install, env, ['import:workflow', `--input=${path.join(work, 'csv-example.json')}`]);
		await emulator.reset();
		// n8n 2.x only reads files under N8N_RESTRICT_FILE_ACCESS_TO.
		const { output, text } = executeExample(install, { ...env, N8N_RESTRICT_FILE_ACCESS_TO: csvDir }, copy.id, 'AltaTech');
		seen.push(text);
		// CSV fields are text; a schemaless table stores them as they come.
		assert.deepEqual(await emulator.rows('tbl_csv'), [
			{ sku: 'A-1', name: 'Chair, oak', price: '49.5' },
			{ sku: 'A-2', name: 'Lamp "Arc"', price: '19' },
		]);
		assert.equal(output.length, 2);
	});
}

module.exports = { runExamplesSuite, unknownNodeTypes };

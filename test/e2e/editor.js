/**
 * The editor as a person uses it, in Debian's headless Chromium driven by playwright-core, on
 * the e2e n8n (1.x or 2.x) and its emulator: sign in; create the AltaTech credential on the
 * Credentials page, where n8n tests it on saving (a wrong key fails with the plain message, the
 * emulator's key passes); in a new workflow, give the Manual Trigger three products as mock
 * data; add the AltaTech node from the node search; pick the table from the agent's tables and
 * see its columns in the mapper; map automatically; execute the workflow and read the node's
 * output. Each step is a
 * test and leaves a screenshot; the assertions check what the page shows and what the emulator
 * stored.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ensureTools, ROOT } = require('../../scripts/n8n/install');
const { OWNER } = require('../../scripts/n8n/rest');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RESULTS = path.join(ROOT, 'test-results', 'e2e');
const DOCS = path.join(ROOT, 'docs', 'editor');
/** The picture the README shows: the node's panel after a run, its input, parameters and output. */
const DOCS_PANEL_PNG = path.join(ROOT, 'docs', 'altatech-node-panel.png');
/** The run that refreshes docs/ with --update-docs: n8n's current major. */
const DOCS_MAJOR = '2';

const TABLE = 'demo_products';
/** The table's columns as the mapper should label them (see test/e2e/workflows.js). */
const COLUMN_LABELS = ['id (unique)', 'name', 'price (number)', 'stock (whole number)', 'active (true or false)', 'updated_at'];
const PRODUCTS = [
	{ id: 'LAMP-1', name: 'Desk lamp', price: 24.5, stock: 12, active: true, updated_at: '2025-03-01T09:30:00Z' },
	{ id: 'CHAIR-2', name: 'Office chair', price: 149, stock: 3, active: true, updated_at: '2025-03-02T14:00:00Z' },
	{ id: 'MUG-3', name: 'Mug', price: 6.75, stock: 0, active: false, updated_at: '2025-03-03T08:15:00Z' },
];
/** How the emulator stores them: DATETIME as the API reads it back. */
const STORED = PRODUCTS.map((p) => ({ ...p, updated_at: p.updated_at.replace('T', ' ').replace('Z', '') }));

async function launch() {
	if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
	const { chromium, selectors } = require(path.join(ensureTools(), 'node_modules', 'playwright-core'));
	selectors.setTestIdAttribute('data-test-id'); // n8n's attribute for test ids
	const userDataDir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'altatech-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: CHROMIUM_FLAGS, viewport: { width: 1280, height: 800 } });
	const close = async () => {
		await context.close();
		fs.rmSync(userDataDir, { recursive: true, force: true });
	};
	return { page: context.pages()[0] ?? (await context.newPage()), close };
}

/** A select of n8n's editor: opens it, picks the option showing `text`. */
async function choose(page, trigger, text) {
	await trigger.click();
	await page.locator('.el-select-dropdown__item:visible, [role="option"]:visible').filter({ hasText: text }).first().click();
}

async function signIn(page, url) {
	await page.goto(`${url}/signin`);
	await page.locator('[data-test-id="emailOrLdapLoginId"] input').fill(OWNER.email);
	await page.locator('[data-test-id="password"] input').fill(OWNER.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((address) => !address.pathname.includes('signin'));
}

/**
 * Saves the open credential dialog, which makes n8n test the credential, and waits for the
 * verdict `expected` ('failed' or 'passed'); returns what the dialog then says, the failure's
 * message opened as a person opens it.
 */
async function saveAndTest(page, expected) {
	const dialog = page.getByTestId('editCredential-modal');
	const config = dialog.getByTestId('node-credentials-config-container');
	await page.getByTestId('credential-save-button').click();
	const verdict = expected === 'passed' ? 'Connection tested successfully' : /Couldn.t connect with these settings/;
	await dialog.getByText(verdict).first().waitFor({ timeout: 20000 }).catch(async () => {
		throw new Error(`the credential test was expected to have ${expected}; the dialog says: ${await config.innerText()}`);
	});
	if (expected === 'failed') {
		const more = dialog.getByText('More details');
		await more.click();
		await more.waitFor({ state: 'hidden' });
	}
	return await config.innerText();
}

/** Back to the canvas: 1.x has a "Back to canvas" link, 2.x a close button. */
async function closeNodePanel(page) {
	await page.getByTestId('back-to-canvas').or(page.getByTestId('ndv-close-button')).first().click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
}

async function addNodeFromSearch(page, search) {
	await page.getByTestId('node-creator-search-bar').fill(search);
	await page.keyboard.press('Enter');
}

/**
 * Registers the editor's tests with `t` (the suite's runner). A step runs only when the ones
 * before it passed: they share one browser page.
 */
async function runEditorTests({ t, n8n, major, emulator, apiKey, updateDocs }) {
	const shots = path.join(RESULTS, `editor-n8n-${major}`);
	fs.rmSync(shots, { recursive: true, force: true });
	fs.mkdirSync(shots, { recursive: true });
	const credentialName = `AltaTech (editor, n8n ${major})`;
	let closeBrowser;
	let page;
	let broken = false;
	const step = (name, fn) =>
		t(`editor: ${name}`, async () => {
			if (broken) throw new Error('not run: an earlier editor step failed');
			try {
				await fn();
			} catch (error) {
				broken = true;
				const png = path.join(shots, 'failure.png');
				await page?.screenshot({ path: png }).catch(() => {});
				error.message += `\n(the page at that moment: ${path.relative(ROOT, png)})`;
				throw error;
			}
			// Whatever the step showed, the key must not be in the page.
			assert.equal((await page.content()).includes(apiKey), false, 'the API key is in the page');
		});
	const shot = async (file) => {
		for (const close of await page.locator('.el-notification__closeBtn:visible').all()) await close.click().catch(() => {}); // toasts would hide the panel
		await page.mouse.move(1270, 790); // no hover effects in the picture
		await page.waitForTimeout(500); // let transitions end before the picture
		const png = path.join(shots, file);
		await page.screenshot({ path: png });
		return png;
	};

	try {
		await step('sign in, create the AltaTech credential: saving tests it, a wrong key fails in plain words, the right one passes', async () => {
			({ page, close: closeBrowser } = await launch());
			page.setDefaultTimeout(30000);
			await signIn(page, n8n.url);
			await page.goto(`${n8n.url}/home/credentials/create`);
			await page.getByRole('combobox', { name: 'Search for app...' }).fill('AltaTech');
			await page.getByTestId('new-credential-type-select-option').filter({ hasText: 'AltaTech API' }).click();
			await page.getByTestId('new-credential-type-button').click();
			const field = (name) => page.getByTestId(`parameter-input-${name}`).getByTestId('parameter-input-field');
			await page.getByTestId('credential-name').getByTestId('inline-edit-preview').click();
			await page.getByTestId('credential-name').locator('input').fill(credentialName);
			await page.keyboard.press('Enter');
			await field('apiKey').fill('not-the-key');
			await field('baseUrl').fill(emulator.url);
			await emulator.reset();
			const refused = await saveAndTest(page, 'failed');
			// HTTP 401: our words where n8n reads the status rule, n8n's own where it does not (1.x).
			assert.match(refused, /The API key was refused|Authorization failed/);
			await shot('01-credential-key-refused.png');
			await field('apiKey').fill(apiKey);
			await saveAndTest(page, 'passed');
			await shot('02-credential-tested.png');
			const tests = (await emulator.requests()).filter((r) => r.path === '/v1/bot/detail');
			// The wrong key may be asked more than once (n8n sent it twice here in 1.x and 2.x) before the right one.
			const seenTests = tests.map((r) => [r.knownKey, r.status]);
			assert.deepEqual(seenTests.at(-1), [true, 200], 'the last test passed with the right key');
			assert.ok(seenTests.length >= 2 && seenTests.slice(0, -1).every(([known, status]) => !known && status === 401), `the tests before it were refused: ${JSON.stringify(seenTests)}`);
			await page.keyboard.press('Escape');
		});

		await step('a new workflow: the Manual Trigger gets three products as mock data', async () => {
			await page.goto(`${n8n.url}/workflow/new`);
			await page.getByTestId('canvas-add-button').click();
			await addNodeFromSearch(page, 'Manual Trigger');
			await page.getByTestId('canvas-node').first().waitFor();
			if (!(await page.getByTestId('ndv').isVisible())) await page.getByTestId('canvas-node').first().dblclick();
			await page.getByTestId('ndv').getByText('set mock data').click();
			const editor = page.getByTestId('ndv').locator('.cm-content').first();
			await editor.click();
			await page.keyboard.press('ControlOrMeta+a');
			await page.keyboard.insertText(JSON.stringify(PRODUCTS, null, 2));
			await page.getByTestId('ndv').getByRole('button', { name: 'Save' }).click();
			await page.getByTestId('ndv').getByText('LAMP-1').first().waitFor();
			await closeNodePanel(page);
		});

		await step('the AltaTech node is found in the node search, with its actions', async () => {
			await page.getByTestId('canvas-handle-plus').first().click(); // the trigger's "+": what comes next
			await page.getByTestId('node-creator-search-bar').fill('AltaTech');
			const listed = page.getByTestId('node-creator-item-name').getByText('AltaTech', { exact: true }).first();
			await listed.waitFor({ timeout: 15000 }).catch(() => {
				throw new Error('searching "AltaTech" in the node creator lists no AltaTech node');
			});
			await listed.click();
			for (const action of ['Add records', 'Get import status']) await page.getByText(action, { exact: true }).first().waitFor();
			await shot('03-node-search-actions.png');
			await page.getByText('Add records', { exact: true }).first().click();
			await page.getByTestId('ndv').waitFor();
			// n8n appends its tracking query to the codex's link: a link with its own #anchor would break.
			const docs = await page.getByTestId('ndv').getByRole('link', { name: /Docs/ }).first().getAttribute('href');
			assert.match(docs ?? '', /^https:\/\/github\.com\/altatech-n8n\/n8n-nodes-altatech(\?|$)/);
		});

		await step("the table is picked from the agent's tables, searched by name", async () => {
			const ndv = page.getByTestId('ndv');
			assert.equal(await ndv.getByTestId('resource-mapper-container').count(), 0, 'no mapper before a table is chosen');
			const credential = ndv.getByTestId('node-credentials-select');
			if (!(await credential.locator('input').inputValue()).includes(credentialName)) await choose(page, credential, credentialName);
			await ndv.getByTestId('rlc-input').click();
			// The whole list first, as a person sees it before typing: n8n 1.x can take the full list,
			// still loading when the search is typed, for the search's results, and keeps them for that text.
			await page.waitForFunction(() => document.querySelectorAll('[data-test-id="rlc-item"]').length > 1, undefined, { timeout: 15000 });
			const item = page.getByTestId('rlc-item').filter({ hasText: TABLE });
			// If it still shows the full list, a longer search (text it has not kept results for), as a person would.
			for (const search of ['demo', 'demo_', 'demo_p']) {
				await page.getByTestId('rlc-search').fill('');
				await page.getByTestId('rlc-search').pressSequentially(search, { delay: 50 });
				const filtered = await page.waitForFunction(() => document.querySelectorAll('[data-test-id="rlc-item"]').length === 1, undefined, { timeout: 5000 }).then(() => true, () => false);
				if (filtered) break;
			}
			assert.equal(await page.getByTestId('rlc-item').count(), 1, 'the search keeps the one table whose name matches');
			await shot('04-pick-table.png');
			await item.first().click();
		});

		await step("the mapper shows the table's columns, with their types and required marks", async () => {
			const ndv = page.getByTestId('ndv');
			const mapper = ndv.getByTestId('resource-mapper-container');
			await mapper.getByText('updated_at', { exact: true }).waitFor();
			const fields = mapper.getByTestId('mapping-fields-container');
			const labels = [...new Set((await fields.locator('.parameter-item label').allInnerTexts()).map((text) => text.split('\n')[0].trim()))];
			assert.deepEqual(labels.filter((label) => !['Fixed', 'Expression'].includes(label)), COLUMN_LABELS);
			// A required column cannot be removed; the others can.
			assert.equal(await fields.getByTestId('remove-field-button-id').count(), 0, 'id is required');
			for (const id of ['name', 'price', 'stock', 'active', 'updated_at']) assert.equal(await fields.getByTestId(`remove-field-button-${id}`).count(), 1, `${id} is optional`);
			// BOOLEAN gets a text input, empty: the editor fills a switch with false, which would
			// overwrite the column in every record. DATETIME gets a date picker.
			const item = (label) => fields.locator('.parameter-item').filter({ hasText: label }).first();
			assert.equal(await item('active').locator('.el-switch').count(), 0, 'active: no switch');
			assert.equal(await item('active').locator('input').first().inputValue(), '', 'active: empty');
			assert.equal(await item('updated_at').locator('.el-date-editor, [class*="date"]').count() > 0, true, 'updated_at: a date picker');
			// The table and its columns at the top of the panel, as a person scrolls to read them.
			await ndv.getByTestId('resource-locator-tableId').evaluate((element) => element.scrollIntoView({ block: 'start' }));
			await shot('05-table-columns.png');
		});

		await step('Map Automatically lists the columns the input fields go to', async () => {
			const mapper = page.getByTestId('ndv').getByTestId('resource-mapper-container');
			await choose(page, mapper.getByTestId('mapping-mode-select').locator('input'), 'Map Automatically');
			const notice = mapper.getByText(/^Columns of this table:/);
			assert.match(await notice.innerText(), /id \(required, unique\), name, price, stock, active, updated_at/);
			await shot('06-map-automatically.png');
		});

		await step('executing the workflow imports the three products and the output shows them with their task', async () => {
			await closeNodePanel(page);
			await emulator.reset();
			await page.getByTestId('execute-workflow-button').click();
			await page.getByText(/Workflow executed successfully|executed successfully/i).first().waitFor({ timeout: 60000 });
			const imports = await emulator.imports();
			assert.deepEqual(imports.map((r) => [r.recordCount, r.code, r.knownKey]), [[3, 0, true]]);
			assert.deepEqual(await emulator.rows(TABLE), STORED);
			await page.getByTestId('canvas-node').filter({ hasText: 'Add records' }).first().dblclick();
			const output = page.getByTestId('ndv').getByTestId('output-panel');
			await output.getByText('3 items').first().waitFor();
			await output.getByText(imports[0].taskId).first().waitFor();
			const png = await shot('07-output.png');
			if (updateDocs && String(major) === DOCS_MAJOR) fs.copyFileSync(png, DOCS_PANEL_PNG);
		});
	} finally {
		await closeBrowser?.().catch(() => {});
	}
	if (updateDocs && String(major) === DOCS_MAJOR && !broken) {
		fs.rmSync(DOCS, { recursive: true, force: true });
		fs.cpSync(shots, DOCS, { recursive: true });
		console.log(`       updated ${path.relative(ROOT, DOCS)}/ and ${path.relative(ROOT, DOCS_PANEL_PNG)}`);
	}
}

module.exports = { runEditorTests };

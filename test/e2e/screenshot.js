/**
 * The screenshot test: Debian's headless Chromium, driven by playwright-core, opens the editor of
 * the e2e n8n, signs in, adds a Manual Trigger and then the AltaTech node through the node
 * creator (search, action), types a Table ID and waits for the Columns mapper to load the
 * table's columns from the emulator. Saves a PNG; asserts what the panel shows.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ensureTools, ROOT } = require('../../scripts/n8n/install');
const { OWNER } = require('../../scripts/n8n/rest');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS = path.join(ROOT, 'test-results', 'e2e');
const DOCS_PNG = path.join(ROOT, 'docs', 'altatech-node-panel.png');
const TABLE = { id: 'tbl_contacts', columns: ['email', 'full_name', 'visits'] };

async function addNodeFromCreator(page, search) {
	const searchBar = page.locator('input[data-test-id="node-creator-search-bar"]');
	await searchBar.fill(search);
	await page.keyboard.press('Enter');
}

async function takeNodePanelScreenshot({ n8n, major, updateDocs }) {
	if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
	const { chromium } = require(path.join(ensureTools(), 'node_modules', 'playwright-core'));
	// --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	fs.mkdirSync(RESULTS, { recursive: true });
	try {
		page.setDefaultTimeout(30000);
		await page.goto(`${n8n.url}/signin`);
		await page.locator('[data-test-id="emailOrLdapLoginId"] input').fill(OWNER.email);
		await page.locator('[data-test-id="password"] input').fill(OWNER.password);
		await page.locator('[data-test-id="form-submit-button"]').click();
		await page.waitForURL((url) => !url.pathname.includes('signin'));

		await page.goto(`${n8n.url}/workflow/new`);
		await page.locator('[data-test-id="canvas-add-button"]').click();
		await addNodeFromCreator(page, 'Manual'); // a regular node needs a trigger before it
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		await page.keyboard.press('Escape');
		await page.locator('[data-test-id="canvas-handle-plus"]').first().click(); // the trigger's "+": what comes next
		await page.locator('input[data-test-id="node-creator-search-bar"]').fill('AltaTech');
		const listed = page.locator('[data-test-id="node-creator-item-name"]').getByText('AltaTech', { exact: true }).first();
		await listed.waitFor({ timeout: 15000 }).catch(() => {
			throw new Error('searching "AltaTech" in the node creator lists no AltaTech node (n8n hides nodes whose codex category is "AI" from this view)');
		});
		await listed.click();
		// The operation's action label, as the node creator lists it.
		await page.getByText('Add rows to a data table', { exact: true }).first().click();

		const ndv = page.locator('[data-test-id="ndv"]');
		await ndv.waitFor();
		await page.locator('[data-test-id="parameter-input-tableId"] input').fill(TABLE.id);
		await page.locator('[data-test-id="tab-params"]').click(); // leave the field: the mapper loads the columns
		const mapper = page.locator('[data-test-id="resource-mapper-container"]');
		await mapper.getByText(TABLE.columns.at(-1), { exact: false }).first().waitFor();
		await page.waitForTimeout(500); // let the last field render before the picture

		const png = path.join(RESULTS, `altatech-node-panel-n8n-${major}.png`);
		await page.screenshot({ path: png });
		console.log(`       screenshot: ${path.relative(ROOT, png)}`);

		const panel = await ndv.innerText();
		assert.match(panel, /Table ID/);
		assert.equal(await page.locator('[data-test-id="parameter-input-tableId"] input').inputValue(), TABLE.id);
		assert.match(await page.locator('[data-test-id="node-credentials-select"] input').inputValue(), /^AltaTech/, 'a credential is selected');
		const mapperText = await mapper.innerText();
		for (const column of TABLE.columns) assert.match(mapperText, new RegExp(`\\b${column}\\b`), `column ${column} in the mapper`);
		assert.ok(fs.statSync(png).size > 20000, 'the PNG has content');
		if (updateDocs && String(major) === '1') {
			fs.mkdirSync(path.dirname(DOCS_PNG), { recursive: true });
			fs.copyFileSync(png, DOCS_PNG);
			console.log(`       updated ${path.relative(ROOT, DOCS_PNG)}`);
		}
	} catch (error) {
		// What the browser showed when it went wrong, to see why.
		const failurePng = path.join(RESULTS, `altatech-node-panel-n8n-${major}-failure.png`);
		await page.screenshot({ path: failurePng }).catch(() => {});
		error.message += `\n(the page at that moment: ${path.relative(ROOT, failurePng)})`;
		throw error;
	} finally {
		await browser.close();
	}
}

module.exports = { takeNodePanelScreenshot };

// @ts-check
// One n8n user folder for every jest worker (they inherit the variable), removed by
// jestGlobalTeardown.js: a folder per worker would be left behind in the temp folder.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async () => {
	if (process.env.N8N_USER_FOLDER) return;
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-n8n-'));
	process.env.ALTATECH_JEST_USER_FOLDER = process.env.N8N_USER_FOLDER;
};

// @ts-check
// Removes the n8n user folder jestGlobalSetup.js made (not one the caller set).
const fs = require('node:fs');

module.exports = async () => {
	const folder = process.env.ALTATECH_JEST_USER_FOLDER;
	if (folder) fs.rmSync(folder, { recursive: true, force: true });
};

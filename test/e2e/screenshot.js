async function takeNodePanelScreenshot() {}
module.exports = { takeNodePanelScreenshot };

// @ts-check
/**
 * The two stand-in nodes every in-process workflow starts with: a manual trigger, and an item
 * source that emits a dataset registered by key (big inputs stay out of node parameters).
 * Used by test/harness/workflow.js and the benchmark's n8n workflows.
 */

/** The items each source node emits, by key. */
const datasets = new Map();

class ManualTrigger {
	description = {
		displayName: 'Manual Trigger', name: 'manualTrigger', group: ['trigger'], version: 1,
		description: '', defaults: { name: 'Start' }, inputs: [], outputs: ['main'], properties: [],
	};
	async execute() {
		return [[{ json: {} }]];
	}
}

class ItemSource {
	description = {
		displayName: 'Item Source', name: 'itemSource', group: ['input'], version: 1, description: '',
		defaults: { name: 'Items' }, inputs: ['main'], outputs: ['main'],
		properties: [{ displayName: 'Dataset', name: 'dataset', type: 'string', default: '' }],
	};
	/** @this {any} */
	async execute() {
		const items = datasets.get(this.getNodeParameter('dataset', 0));
		return [items.map((json) => ({ json, pairedItem: { item: 0 } }))];
	}
}

module.exports = { datasets, ManualTrigger, ItemSource };

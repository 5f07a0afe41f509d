// @ts-check
/**
 * What users build today without the AltaTech node, with n8n's own nodes only. Both send the
 * same bodies as the node: `{ table_id, records: [{ values }, ...] }`.
 */
const { IMPORT_PATH } = require('./emulator');
const { RECORDS_PER_REQUEST } = require('./items');

function httpRequestNode({ url, apiKey, jsonBody, options = {} }) {
	return {
		id: 'h1', name: 'HTTP Request', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [800, 0],
		parameters: {
			method: 'POST',
			url: `${url}${IMPORT_PATH}`,
			// A header parameter rather than a credential: the bench only needs the Bearer key on the wire.
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${apiKey}` }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody,
			options,
		},
	};
}

/** Loop Over Items (1000 per round) -> Aggregate (all item data into `data`) -> HTTP Request -> back to the loop. */
function loopAggregateHttp({ url, apiKey, tableId }) {
	const nodes = [
		{
			id: 'l1', name: 'Loop Over Items', type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, position: [400, 0],
			parameters: { batchSize: RECORDS_PER_REQUEST, options: {} },
		},
		{
			id: 'a1', name: 'Aggregate', type: 'n8n-nodes-base.aggregate', typeVersion: 1, position: [600, 0],
			parameters: { aggregate: 'aggregateAllItemData', destinationFieldName: 'data', options: {} },
		},
		httpRequestNode({
			url, apiKey,
			jsonBody: `={{ { table_id: ${JSON.stringify(tableId)}, records: $json.data.map(values => ({ values })) } }}`,
		}),
	];
	const connections = {
		// Output 0 is "done", output 1 is "loop".
		'Loop Over Items': { main: [[], [{ node: 'Aggregate', type: 'main', index: 0 }]] },
		Aggregate: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] },
		'HTTP Request': { main: [[{ node: 'Loop Over Items', type: 'main', index: 0 }]] },
	};
	return { nodes, connections };
}

/** Items per batch of the HTTP Request node's Batching option, and the pause between batches. */
const PER_ITEM_BATCH = { batchSize: 100, batchInterval: 10 };

/** The HTTP Request node alone, one request (one record) per item, with its Batching option. */
function httpRequestPerItem({ url, apiKey, tableId }) {
	const nodes = [
		httpRequestNode({
			url, apiKey,
			jsonBody: `={{ { table_id: ${JSON.stringify(tableId)}, records: [{ values: $json }] } }}`,
			options: { batching: { batch: PER_ITEM_BATCH } },
		}),
	];
	return { nodes, connections: {} };
}

module.exports = { loopAggregateHttp, httpRequestPerItem, PER_ITEM_BATCH };

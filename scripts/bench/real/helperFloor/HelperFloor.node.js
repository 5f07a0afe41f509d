// @ts-check
/**
 * Bench only, never shipped: the least an n8n node does to send the bench's rows. The floor
 * script's 1000-record bodies, each row's json as it comes, sent one after another through
 * n8n's request helper with the AltaTech credential, as every community node must send, the
 * decrypted credential handed on as the AltaTech node does. No reading, checking or output:
 * its time is what n8n's engine and request helper alone cost a node in that place.
 */
const RECORDS_PER_REQUEST = 1000;

class HelperFloor {
	constructor() {
		this.description = {
			displayName: 'Helper Floor (bench)',
			name: 'helperFloor',
			group: ['transform'],
			version: 1,
			description: 'Bench only',
			defaults: { name: 'Helper Floor' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'altaTechApi', required: true }],
			properties: [{ displayName: 'Table ID', name: 'tableId', type: 'string', default: '' }],
		};
	}

	async execute() {
		const items = this.getInputData();
		const tableId = this.getNodeParameter('tableId', 0);
		const data = await this.getCredentials('altaTechApi');
		const reference = this.getNode().credentials?.altaTechApi;
		const credentialsDecrypted = { id: reference?.id ?? '', name: reference?.name ?? '', type: 'altaTechApi', data };
		const url = `${String(data.baseUrl).replace(/\/+$/, '')}/v1/database/import/records`;
		for (let start = 0; start < items.length; start += RECORDS_PER_REQUEST) {
			const records = [];
			for (let i = start; i < Math.min(start + RECORDS_PER_REQUEST, items.length); i++) records.push({ values: items[i].json });
			const reply = await this.helpers.httpRequestWithAuthentication.call(this, 'altaTechApi', { method: 'POST', url, body: { table_id: tableId, records }, json: true }, { credentialsDecrypted });
			if (reply?.code !== 0) throw new Error(`refused: ${JSON.stringify(reply).slice(0, 200)}`);
		}
		return [[]];
	}
}

module.exports = { HelperFloor };

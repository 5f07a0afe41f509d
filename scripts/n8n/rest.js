/**
 * The few calls of n8n's internal REST API (/rest, what the editor uses) that a test or the demo
 * needs: create the owner, log in, test a credential, activate a workflow. Same paths on 1.x
 * and 2.x, except activation (see activateWorkflow).
 */
const { request } = require('./http');

const OWNER = { email: 'owner@example.com', firstName: 'Demo', lastName: 'Owner', password: 'AltaTech-demo-1' };
const BROWSER_ID = 'altatech-e2e'; // n8n binds the session cookie to the browser-id header

class N8nRest {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
		this.cookie = '';
	}

	async call(method, path, body) {
		const response = await request(`${this.baseUrl}/rest${path}`, { method, headers: { 'browser-id': BROWSER_ID, cookie: this.cookie }, body });
		const auth = (response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		const text = response.text;
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		if (response.status >= 400) throw new Error(`${method} /rest${path}: HTTP ${response.status} ${text.slice(0, 500)}`);
		return json?.data ?? json;
	}

	/** The owner account: created on a fresh instance, logged into on a kept one. */
	async ownerSession(owner = OWNER) {
		try {
			await this.call('POST', '/owner/setup', owner);
		} catch {
			await this.call('POST', '/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		}
		return owner;
	}

	/** What the credential dialog's Test button does: {status: 'OK'|'Error', message}. */
	async testCredential(credential) {
		return await this.call('POST', '/credentials/test', { credentials: credential });
	}

	/** /types/nodes.json or /types/credentials.json: what the editor knows (needs a session). */
	async types(file) {
		const response = await request(`${this.baseUrl}/types/${file}`, { headers: { 'browser-id': BROWSER_ID, cookie: this.cookie } });
		if (response.status >= 400) throw new Error(`GET /types/${file}: HTTP ${response.status}`);
		return response.json();
	}

	/**
	 * Resolves once the POST webhook `path` is registered: activation can answer before that. A GET
	 * to a registered POST webhook is refused ("Did you mean to make a POST request?") and starts
	 * nothing; an unregistered path says it is not registered.
	 */
	async waitForWebhook(path, timeoutMs = 60_000) {
		for (const deadline = Date.now() + timeoutMs; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
			if (/Did you mean to make a POST request/.test((await request(`${this.baseUrl}/webhook/${path}`)).text)) return;
			if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for the webhook ${path} to be registered`);
		}
	}

	async getWorkflow(id) {
		return await this.call('GET', `/workflows/${id}`);
	}

	/** 2.x publishes a version (POST .../activate); 1.x flips `active` with a PATCH. */
	async activateWorkflow(id, major) {
		const { versionId } = await this.getWorkflow(id);
		if (String(major) === '1') return await this.call('PATCH', `/workflows/${id}`, { active: true, versionId });
		return await this.call('POST', `/workflows/${id}/activate`, { versionId });
	}
}

module.exports = { N8nRest, OWNER, BROWSER_ID };

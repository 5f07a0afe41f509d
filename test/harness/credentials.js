// @ts-check
/**
 * The part of n8n's CredentialsHelper that workflows need: hand out the decrypted credential
 * and apply the credential type's `authenticate` block the way n8n does (expressions resolved
 * against $credentials), so the request carries the real header.
 */
function createCredentialsHelper(credentialsById, credentialType) {
	const resolve = (value, credentials, workflow, node) =>
		typeof value === 'string' && value.startsWith('=')
			? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '')
			: value;

	const helper = {
		/** How many times a node had the credential loaded and decrypted. */
		reads: 0,
		getParentTypes: () => [],
		getCredentialsProperties: () => credentialType.properties,
		async getDecrypted(_additionalData, nodeCredentials) {
			helper.reads++;
			const data = credentialsById[nodeCredentials.id];
			if (!data) throw new Error(`No test credential with id ${nodeCredentials.id}`);
			return { ...data };
		},
		async preAuthentication() {
			return undefined;
		},
		async authenticate(credentials, _typeName, requestOptions, workflow, node) {
			const { authenticate } = credentialType;
			if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
			if (authenticate?.type === 'generic') {
				for (const [where, entries] of Object.entries(authenticate.properties)) {
					requestOptions[where] ??= {};
					for (const [key, value] of Object.entries(entries)) {
						requestOptions[where][resolve(key, credentials, workflow, node)] = resolve(value, credentials, workflow, node);
					}
				}
			}
			return requestOptions;
		},
		async getCredentials() {
			throw new Error('not used in tests');
		},
		async updateCredentials() {},
		async updateCredentialsOauthTokenData() {},
	};
	return helper;
}

module.exports = { createCredentialsHelper };

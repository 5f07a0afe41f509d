import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { insecureBaseUrlReason } from '../nodes/AltaTech/core/baseUrl';

export class AltaTechApi implements ICredentialType {
	name = 'altaTechApi';

	displayName = 'AltaTech API';

	icon = { light: 'file:../nodes/AltaTech/altatech.svg', dark: 'file:../nodes/AltaTech/altatech.dark.svg' } as const;

	documentationUrl = 'https://github.com/altatech-n8n/n8n-nodes-altatech#credential-altatech-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The agent's API key, from Integrations > API Key in AltaTech",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://altatech.ai',
			description:
				'Where the API is served. Use https://altatech.ai, or the GPTBots data centre of your agent (e.g. https://api-sg.gptbots.ai).',
		},
	];

	// A function rather than a header template, so the key is never sent over plain http to
	// another machine: every request made with this credential (the test included) passes here.
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const target = requestOptions.baseURL ?? requestOptions.url;
		const refusal = insecureBaseUrlReason(String(target ?? credentials.baseUrl ?? ''));
		if (refusal) throw new Error(refusal);
		requestOptions.headers = { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiKey).trim()}` };
		return requestOptions;
	}

	// Asking for the status of a task id that cannot exist costs nothing and needs a valid key.
	// A rejected key gets HTTP 401/403 (the tester fails on those), or HTTP 200 with an error
	// envelope {"code":40127,...} where a working key gets a bare JSON list. The body is read as
	// text so the rule can tell the two apart by their first character: n8n's tester applies
	// body rules to the first item of the response, and a parsed empty list has none (it fails
	// with an internal error). Any envelope fails the test, whatever its code: a rule can only
	// compare one value, and this endpoint answers a working key with a list alone. A web page
	// (a Base URL pointing at some other site that answers 200) fails too.
	test: ICredentialTestRequest = {
		request: {
			// As the node reads it: trimmed, no trailing slash, the default when left empty.
			baseURL: '={{String($credentials.baseUrl ?? "").trim().replace(/\\/+$/, "") || "https://altatech.ai"}}',
			url: '/v1/database/query/import-results',
			qs: { ids: '000000000000000000000000' },
			encoding: 'text',
			json: false,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: '0',
					value: '{',
					message:
						'AltaTech refused the request with an error code instead of answering, usually a refused API key (40127 invalid key, 40107 expired credentials, 40113 no access to this agent): copy the key again from Integrations > API Key and check the Base URL',
				},
			},
			// A web page, also one that starts with a line break or spaces (the API's list starts with "[").
			...['<', '\n', '\r', ' ', '\t'].map((first) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key: '0',
					value: first,
					message: 'The Base URL answered with a web page, not the AltaTech API: check the Base URL (by default https://altatech.ai)',
				},
			})),
		],
	};
}

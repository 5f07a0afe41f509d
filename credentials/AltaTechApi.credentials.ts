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

	documentationUrl = 'https://github.com/altatech-n8n/n8n-nodes-altatech#credential';

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
		requestOptions.headers = { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiKey)}` };
		return requestOptions;
	}

	// Asking for the status of a task id that cannot exist costs nothing and needs a valid key:
	// a rejected key gets HTTP 401/403, which fails the test. No body rules: a working key gets a
	// bare [] back, and n8n's tester cannot apply body rules to an empty list (it fails with an
	// internal error). A key refused with HTTP 200 and a vendor code is caught at execution.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v1/database/query/import-results',
			qs: { ids: '000000000000000000000000' },
		},
	};
}

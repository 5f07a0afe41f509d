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

	// Asking for the status of a task id that cannot exist costs nothing and needs a valid key.
	// HTTP 401/403 already fail the test; the rules catch a rejection sent with HTTP 200.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v1/database/query/import-results',
			qs: { ids: '000000000000000000000000' },
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'code', value: 40127, message: 'The API key was rejected (developer authentication failed)' },
			},
			{ type: 'responseSuccessBody', properties: { key: 'code', value: 40107, message: 'The API key has expired' } },
			{ type: 'responseSuccessBody', properties: { key: 'code', value: 40113, message: 'The API key has no access to this agent' } },
		],
	};
}

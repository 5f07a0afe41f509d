import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { insecureBaseUrlReason } from '../nodes/AltaTech/core/baseUrl';
import { credentialTestMessages } from '../nodes/AltaTech/core/messages';

/**
 * What the test says for an answer by its first character (the API's list starts with "["):
 * an error envelope {"code":40127,...}, whatever its status, is nearly always a refused key
 * (40127, 40107, 40113), but a rule sees one character, not the code; a web page may start
 * with a line break or spaces; an empty answer has no first character.
 */
const NOT_A_LIST = new Map<string | undefined, string>([
	['{', credentialTestMessages.keyRefused()],
	...['<', '\n', '\r', ' ', '\t'].map((first): [string, string] => [first, credentialTestMessages.webPage()]),
	[undefined, credentialTestMessages.emptyAnswer()],
]);
for (let code = 0x21; code < 0x7f; code++) {
	const first = String.fromCharCode(code);
	if (first !== '[' && !NOT_A_LIST.has(first)) NOT_A_LIST.set(first, credentialTestMessages.notTheApi());
}

export class AltaTechApi implements ICredentialType {
	name = 'altaTechApi';

	displayName = 'AltaTech API';

	icon = { light: 'file:../nodes/AltaTech/altatech.svg', dark: 'file:../nodes/AltaTech/altatech.dark.svg' } as const;

	documentationUrl = 'https://github.com/altatech-n8n/n8n-nodes-altatech/blob/main/docs/credential.md';

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

	// Asking for the status of a task id that cannot exist costs nothing and needs a valid key,
	// and a working key gets a bare JSON list back. Everything else fails the test, judged by the
	// answer's first character, whatever its HTTP status: n8n 1.x shows a failed status only as
	// its own "Authorization failed" (it never reaches a status rule), so statuses are let
	// through and the body decides. The body is read as text because n8n's tester applies body
	// rules to the first item of the response, and a parsed empty list has none.
	test: ICredentialTestRequest = {
		request: {
			// As the node reads it: trimmed, no trailing slash, the default when left empty.
			baseURL: '={{String($credentials.baseUrl ?? "").trim().replace(/\\/+$/, "") || "https://altatech.ai"}}',
			url: '/v1/database/query/import-results',
			qs: { ids: '000000000000000000000000' },
			encoding: 'text',
			json: false,
			ignoreHttpStatusErrors: true,
		},
		rules: [...NOT_A_LIST].map(([first, message]) => ({ type: 'responseSuccessBody', properties: { key: '0', value: first, message } })),
	};
}

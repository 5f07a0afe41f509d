import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { insecureBaseUrlReason } from '../nodes/AltaTech/core/baseUrl';
import { API_CODE_TEXT, connectionMessages, credentialTestMessages, failureMessages, HTTP_STATUS_TEXT } from '../nodes/AltaTech/core/messages';

const KEY_REFUSED = new Set([40127, 40107, 40113]);
const FIRST_CHARACTER_RULES = new Map<string, string>(['<', '\n', '\r', ' ', '\t'].map((first) => [first, credentialTestMessages.webPage()]));
for (let code = 0x21; code < 0x7f; code++) {
	const first = String.fromCharCode(code);
	if (!FIRST_CHARACTER_RULES.has(first)) FIRST_CHARACTER_RULES.set(first, credentialTestMessages.notTheApi());
}
const failsWithStatus = (value: number, message: string) => ({ type: 'responseCode' as const, properties: { value, message } });
const failsWhen = (key: string, value: unknown, message: string) => ({ type: 'responseSuccessBody' as const, properties: { key, value, message } });

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

	// Asking for the agent behind the key costs nothing, needs a working key, and answers with an
	// object in every published shape.
	test: ICredentialTestRequest = {
		request: {
			// As the node reads it: trimmed, no trailing slash, the default when left empty.
			baseURL: '={{String($credentials.baseUrl ?? "").trim().replace(/\\/+$/, "") || "https://altatech.ai"}}',
			url: '/v1/bot/detail',
			json: true,
			// n8n would carry the key to wherever a redirect points, over plain http too.
			disableFollowRedirect: true,
		},
		// The Test's rules. Any HTTP status >= 400 fails it (these statuses with words of our own). A
		// 2xx answer fails when a body rule matches: an error envelope by its code (a number, or a
		// number in text), text that is not JSON (a web page, a proxy's message) by its first
		// character, an empty answer by its length. A JSON object without an error code passes: the
		// agent's detail comes with or without the {code, message, data} envelope.
		// Both kinds of rule in one list: n8n's testers (1.x and 2.x) read each rule by its type,
		// though the type declares a list of one kind.
		rules: [
			...[301, 302, 303, 307, 308].map((status) => failsWithStatus(status, connectionMessages.redirect(status))),
			...[401, 403].map((status) => failsWithStatus(status, credentialTestMessages.keyRefused())),
			...[404, 405].map((status) => failsWithStatus(status, credentialTestMessages.notServed(status))),
			failsWithStatus(429, HTTP_STATUS_TEXT[429]),
			...[500, 502, 503, 504].map((status) => failsWithStatus(status, failureMessages.serverError(status))),
			...Object.keys(API_CODE_TEXT).map(Number).flatMap((code) => {
				const message = KEY_REFUSED.has(code) ? credentialTestMessages.keyRefused() : credentialTestMessages.otherError(code);
				return [failsWhen('code', code, message), failsWhen('code', String(code), message)];
			}),
			...[...FIRST_CHARACTER_RULES].map(([first, message]) => failsWhen('0', first, message)),
			failsWhen('length', 0, credentialTestMessages.emptyAnswer()),
		] as ICredentialTestRequest['rules'],
	};
}

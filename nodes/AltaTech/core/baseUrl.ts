import { connectionMessages } from './messages';

/**
 * The Bearer key travels with every request: over plain http it would cross the network in
 * clear text. Plain http is accepted only for this machine (a local test server).
 */
export function insecureBaseUrlReason(baseUrl: string): string | undefined {
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		return connectionMessages.invalidBaseUrl(baseUrl);
	}
	if (url.protocol === 'https:') return undefined;
	if (url.protocol !== 'http:') return connectionMessages.notHttps(url.protocol);
	const host = url.hostname.replace(/^\[|\]$/g, '');
	const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
	return loopback ? undefined : connectionMessages.plainHttp(host);
}

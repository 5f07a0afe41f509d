/**
 * The Bearer key travels with every request: over plain http it would cross the network in
 * clear text. Plain http is accepted only for this machine (a local test server).
 */
export function insecureBaseUrlReason(baseUrl: string): string | undefined {
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		return `The Base URL "${baseUrl}" is not a valid URL`;
	}
	if (url.protocol === 'https:') return undefined;
	if (url.protocol !== 'http:') return `The Base URL must start with https:// (not ${url.protocol}//)`;
	const host = url.hostname.replace(/^\[|\]$/g, '');
	const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
	return loopback
		? undefined
		: `The Base URL uses plain http:// to ${host}: the API key would cross the network in clear text. Use https:// (plain http is allowed only for localhost, 127.0.0.0/8 and ::1)`;
}

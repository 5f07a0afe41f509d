/**
 * One HTTP request to a local server, on a fresh connection (agent: false). fetch() reuses idle
 * keep-alive sockets, and a server closing one just then fails the call ("fetch failed"); the
 * tests talk to n8n and the emulator with pauses of several seconds, where that race is real.
 */
const http = require('node:http');

function request(url, { method = 'GET', headers = {}, body, timeoutMs = 60000 } = {}) {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
		const req = http.request(url, {
			method,
			agent: false,
			timeout: timeoutMs,
			headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }), ...headers },
		});
		req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer in ${timeoutMs} ms`)));
		req.on('error', reject);
		req.on('response', (res) => {
			const chunks = [];
			res.on('data', (chunk) => chunks.push(chunk));
			res.on('error', reject);
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				resolve({ status: res.statusCode, headers: res.headers, text, json: () => JSON.parse(text) });
			});
		});
		req.end(payload);
	});
}

module.exports = { request };

#!/usr/bin/env node
// @ts-check
/**
 * The HTTP Request source's server: GET /rows?n=N answers a JSON list of N rows (rows.js).
 * Runs as a process of its own; prints {"url"} once it listens and stops on SIGTERM.
 */
const http = require('node:http');
const { makeRow } = require('./rows');

/** Bodies already built, by row count: the bench asks for the same sizes again and again. */
const bodies = new Map();

function body(count) {
	if (!bodies.has(count)) {
		const rows = new Array(count);
		for (let i = 0; i < count; i++) rows[i] = makeRow(i);
		bodies.set(count, Buffer.from(JSON.stringify(rows)));
	}
	return bodies.get(count);
}

const server = http.createServer((request, response) => {
	const url = new URL(request.url ?? '/', 'http://localhost');
	const count = Number(url.searchParams.get('n'));
	if (url.pathname !== '/rows' || !Number.isInteger(count) || count < 0) {
		response.writeHead(404, { 'content-type': 'application/json' });
		return response.end('{"message":"GET /rows?n=<rows>"}');
	}
	const payload = body(count);
	response.writeHead(200, { 'content-type': 'application/json', 'content-length': payload.length });
	response.end(payload);
});

server.listen(0, '127.0.0.1', () => {
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}`, pid: process.pid })}\n`);
});
process.on('SIGTERM', () => process.exit(0));

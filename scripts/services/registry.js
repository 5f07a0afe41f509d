/**
 * A minimal npm registry on 127.0.0.1 that serves one package from a tarball: its packument
 * (GET /<name>), one version's manifest (GET /<name>/<version>) and the tarball, with the
 * integrity npm checks. Enough for `npm view`, `npm pack` and `npm install` of that package, and
 * so for n8n installing it as a community package. Everything else is a 404. `requests` lists
 * what was asked, to tell who downloaded the tarball.
 *
 * n8n 2.x names the public registry on npm's command line (`--registry=https://registry.npmjs.org`)
 * and takes another one (N8N_COMMUNITY_PACKAGES_REGISTRY) only with an Enterprise licence.
 * `npmRedirect(dir, url)` writes an `npm` into `dir` that runs the real npm with this registry
 * instead; put `dir` first on n8n's PATH.
 */
const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

/** The package.json inside an npm tarball. */
function readManifest(tarball) {
	const out = spawnSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
	if (out.status !== 0) throw new Error(`cannot read package.json from ${tarball}: ${out.stderr}`);
	return JSON.parse(out.stdout);
}

/** A copy of `tarball` whose package.json says `version` (the rest unchanged). */
function withVersion(tarball, version, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-registry-'))) {
	const unpacked = path.join(dir, 'unpacked');
	fs.mkdirSync(unpacked, { recursive: true });
	if (spawnSync('tar', ['-xzf', tarball, '-C', unpacked]).status !== 0) throw new Error(`tar -x ${tarball} failed`);
	const manifestPath = path.join(unpacked, 'package', 'package.json');
	const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	fs.writeFileSync(manifestPath, `${JSON.stringify({ ...manifest, version }, null, 2)}\n`);
	const copy = path.join(dir, `${manifest.name}-${version}.tgz`);
	if (spawnSync('tar', ['-czf', copy, '-C', unpacked, 'package']).status !== 0) throw new Error('tar -c failed');
	return copy;
}

/** Serves `tarball`; resolves with { url, name, version, integrity, requests, stop() }. */
async function startRegistry(tarball) {
	const bytes = fs.readFileSync(tarball);
	const manifest = readManifest(tarball);
	const { name, version } = manifest;
	const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
	const shasum = createHash('sha1').update(bytes).digest('hex');
	const file = `${name.split('/').pop()}-${version}.tgz`;
	const requests = [];
	let url;
	const versionDoc = () => ({ ...manifest, _id: `${name}@${version}`, dist: { tarball: `${url}/${name}/-/${file}`, integrity, shasum } });

	const server = http.createServer((req, res) => {
		const pathname = decodeURIComponent(new URL(req.url, 'http://registry').pathname);
		requests.push({ method: req.method, path: pathname, at: Date.now() });
		const json = (body) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		if (pathname === `/${name}`) {
			return json({ _id: name, name, 'dist-tags': { latest: version }, versions: { [version]: versionDoc() } });
		}
		if (pathname === `/${name}/${version}` || pathname === `/${name}/latest`) return json(versionDoc());
		if (pathname === `/${name}/-/${file}`) {
			res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
			return res.end(bytes);
		}
		res.writeHead(404, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ error: 'Not found' }));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${server.address().port}`;
	const tarballDownloads = () => requests.filter((r) => r.path.endsWith('.tgz')).length;
	return { url, name, version, integrity, requests, tarballDownloads, stop: () => new Promise((resolve) => server.close(resolve)) };
}

/** Writes `<dir>/npm`: the real npm, with any --registry=... replaced by `registryUrl`. */
function npmRedirect(dir, registryUrl) {
	const realNpm = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
	if (!realNpm) throw new Error('npm is not on PATH');
	fs.mkdirSync(dir, { recursive: true });
	const script = [
		'#!/bin/sh',
		'# n8n passes --registry=<the public registry>; this npm uses the test registry instead.',
		'for arg; do',
		'  shift',
		'  case "$arg" in',
		`    --registry=*) set -- "$@" "--registry=${registryUrl}" ;;`,
		'    *) set -- "$@" "$arg" ;;',
		'  esac',
		'done',
		`exec "${realNpm}" "$@"`,
		'',
	].join('\n');
	fs.writeFileSync(path.join(dir, 'npm'), script, { mode: 0o755 });
	return dir;
}

module.exports = { startRegistry, withVersion, readManifest, npmRedirect };

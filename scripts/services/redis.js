/** A throwaway Redis on loopback for one test run: no persistence, stopped with the test. */
const { spawn } = require('node:child_process');
const net = require('node:net');

async function startRedis({ port }) {
	const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
		stdio: 'ignore',
		detached: true,
	});
	const deadline = Date.now() + 15000;
	for (;;) {
		const ready = await new Promise((resolve) => {
			const socket = net.connect(port, '127.0.0.1', () => {
				socket.end();
				resolve(true);
			});
			socket.on('error', () => resolve(false));
		});
		if (ready) break;
		if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	const stop = () => {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			/* gone */
		}
	};
	process.on('exit', stop);
	return { host: '127.0.0.1', port, stop };
}

module.exports = { startRedis };

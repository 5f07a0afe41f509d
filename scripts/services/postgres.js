/**
 * A throwaway PostgreSQL cluster on loopback for one test run: initdb into a temporary folder,
 * started on a free port, one database and user for n8n. PostgreSQL refuses to run as root,
 * so as root the cluster belongs to the `postgres` user.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { postgresBinDir } = require('./packages');

function asPostgresUser(command, args, options = {}) {
	const root = process.getuid?.() === 0;
	const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
	const result = spawnSync(cmd, argv, { encoding: 'utf8', ...options });
	if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
	return result.stdout;
}

/** Starts the cluster; resolves with its connection settings and a stop(). */
async function startPostgres({ port, database = 'n8n', user = 'n8n', password = 'n8n-test-password' }) {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'altatech-pg-'));
	const data = path.join(dir, 'data');
	if (process.getuid?.() === 0) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
	asPostgresUser(`${bin}/initdb`, ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
	asPostgresUser(`${bin}/pg_ctl`, [
		'-D', data, '-l', path.join(dir, 'postgres.log'), '-w', 'start',
		'-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
	]);
	const psql = (sql) => asPostgresUser(`${bin}/psql`, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
	psql(`CREATE USER ${user} PASSWORD '${password}'`);
	psql(`CREATE DATABASE ${database} OWNER ${user}`);
	return {
		/** Runs SQL as the superuser; returns psql's unaligned output. */
		query: (sql) => asPostgresUser(`${bin}/psql`, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-At', '-c', sql]),
		host: '127.0.0.1',
		port,
		database,
		user,
		password,
		stop() {
			try {
				asPostgresUser(`${bin}/pg_ctl`, ['-D', data, '-m', 'immediate', 'stop']);
			} catch {
				/* already stopped */
			}
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

module.exports = { startPostgres };

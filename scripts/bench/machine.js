// @ts-check
/** The machine a bench ran on, in one line for the table's caption. */
const os = require('node:os');

function describeMachine() {
	const cpus = os.cpus();
	const model = cpus[0]?.model?.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
	const gib = (os.totalmem() / 1024 ** 3).toFixed(0);
	return `${model}, ${cpus.length} cores, ${gib} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
}

module.exports = { describeMachine };

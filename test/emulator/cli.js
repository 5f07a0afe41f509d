#!/usr/bin/env node
// @ts-check
'use strict';

// node test/emulator/cli.js [--port N] [--config file.json]
// Prints one JSON line {"url","pid"} once listening; stops on SIGTERM/SIGINT.

const fs = require('node:fs');
const { startEmulator } = require('./index');

/** @typedef {import('./types').EmulatorOptions} EmulatorOptions */

/** @type {Partial<EmulatorOptions>} */
const DEMO_OPTIONS = {
  apiKeys: ['demo-key'],
  tables: [
    { id: 'demo_table', name: 'demo_table' },
    {
      id: 'demo_products',
      name: 'demo_products',
      description: 'typed demo table',
      fields: [
        { name: 'id', type: 'TEXT', required: true, unique: true, description: 'product id' },
        { name: 'name', type: 'TEXT', required: false, unique: false, description: '' },
        { name: 'price', type: 'FLOAT', required: false, unique: false, description: '' },
        { name: 'stock', type: 'INT', required: false, unique: false, description: '' },
        { name: 'active', type: 'BOOLEAN', required: false, unique: false, description: '' },
        { name: 'updated_at', type: 'DATETIME', required: false, unique: false, description: '' },
      ],
    },
  ],
};

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ port?: number, config?: string }} */
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (flag === '--port') args.port = Number(value);
    else if (flag === '--config') args.config = value;
    else throw new Error(`unknown argument ${argv[i]}; usage: cli.js [--port N] [--config file.json]`);
  }
  if (args.port !== undefined && !(Number.isInteger(args.port) && args.port >= 0)) throw new Error('--port needs a port number');
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  /** @type {Partial<EmulatorOptions>} */
  const options = args.config ? JSON.parse(fs.readFileSync(args.config, 'utf8')) : { ...DEMO_OPTIONS };
  if (args.port !== undefined) options.port = args.port;
  const emulator = await startEmulator(options);
  process.stdout.write(`${JSON.stringify({ url: emulator.url, pid: process.pid })}\n`);
  const stop = () => {
    emulator.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`emulator: ${error.message}\n`);
  process.exit(1);
});

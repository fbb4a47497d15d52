#!/usr/bin/env node
'use strict';
// Runs the compiled CLI from dist/ (built by `npm ci` through the prepare script, or `npm run build`).
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('compliance-gateway is not built yet. Fix: run `npm run build` (npm ci does it for you).\n');
  process.exit(2);
}
require(entry)
  .buildCli()
  .parseAsync(process.argv)
  .catch((err) => {
    process.stderr.write(`${err && err.message ? err.message : String(err)}\n`);
    process.exit(2);
  });

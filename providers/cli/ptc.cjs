#!/usr/bin/env node
'use strict';
// Launcher for the TypeScript CLI: tsx compiles it on the fly (no build step for `npx ptc`).
require('tsx/cjs');
const { runCli } = require('./main.ts');

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`Error: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

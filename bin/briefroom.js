#!/usr/bin/env node
// The package's command; the compiled CLI lives in dist/ (built by `npm install` through the prepare script).
import('../dist/src/cli.js').then((cli) => cli.main(process.argv.slice(2))).then(
  (code) => { process.exitCode = code; },
  (error) => { console.error(error); process.exitCode = 1; },
);

#!/usr/bin/env node
// The rtlab command: everything lives in the compiled CLI.
import { existsSync } from 'node:fs';
import module from 'node:module';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

// Node 22+ keeps compiled code between runs; Node 20 has no such cache.
module.enableCompileCache?.();

const main = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(main)) {
  await import(main.href);
} else {
  // A clone used before `npm install`, or after `rm -rf dist`: say what to run, not a stack.
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(
    `✗ rtlab is not built: ${fileURLToPath(main)} is missing.\n  hint: Run npm install (or npm run build) in ${root}, then the command again.\n`,
  );
  process.exitCode = 3;
}

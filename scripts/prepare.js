// `npm install` runs `prepare`: it builds dist/ so that `npx rtlab` works right after. npm runs it
// again on the first `npx rtlab` in this folder (npx links the folder into its cache), where a
// rebuild meant 20-60 s with its output hidden: that run keeps the build it finds.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';
import { buildAndRecord } from './build-fingerprint.js';

const built = existsSync(new URL('../dist/cli/main.js', import.meta.url));
if (process.env.npm_command === 'exec' && built) process.exit(0);
process.exit(buildAndRecord());

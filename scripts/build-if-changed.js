// `npm test` runs this first: the end-to-end tests run bin/rtlab.js → dist/, which must be built from
// the sources as they are; when it already is, the build is skipped (see build-fingerprint.js).
import process from 'node:process';
import { buildAndRecord, isBuiltFromCurrentSources } from './build-fingerprint.js';

if (isBuiltFromCurrentSources()) process.stdout.write('dist/ is built from the current sources: no build needed\n');
else process.exit(buildAndRecord());

// Generates the TypeScript types of proto/*.proto into src/services/grpc/generated (committed),
// or, with --check, into a temporary folder compared file by file with the committed ones: CI
// fails when someone changed the .proto and forgot to regenerate.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';

const committed = 'src/services/grpc/generated';
const check = process.argv.includes('--check');
const outDir = check ? mkdtempSync(path.join(tmpdir(), 'rtlab-proto-')) : committed;
const protos = readdirSync('proto')
  .filter((name) => name.endsWith('.proto'))
  .map((name) => path.join('proto', name));

if (!check) rmSync(committed, { recursive: true, force: true });
const generated = spawnSync(
  process.execPath,
  [
    'node_modules/@grpc/proto-loader/build/bin/proto-loader-gen-types.js',
    '--longs=String',
    '--enums=String',
    '--defaults',
    '--oneofs',
    '--grpcLib=@grpc/grpc-js',
    '--importFileExtension=.js',
    '--includeComments',
    `--outDir=${outDir}`,
    ...protos,
  ],
  { stdio: 'inherit' },
);
if (generated.status !== 0) process.exit(generated.status ?? 1);

if (check) {
  const stale = compareTrees(outDir, committed);
  rmSync(outDir, { recursive: true, force: true });
  if (stale.length > 0) {
    process.stderr.write(`✗ ${committed} is stale for proto/: ${stale.join(', ')}\n`);
    process.stderr.write('  hint: run `npm run proto:generate` and commit the result\n');
    process.exit(1);
  }
  process.stdout.write(`✓ ${committed} matches proto/\n`);
}

/** Relative paths that differ, or exist on one side only. */
function compareTrees(fresh, kept) {
  const freshFiles = listFiles(fresh);
  const keptFiles = listFiles(kept);
  const names = new Set([...freshFiles, ...keptFiles]);
  return [...names].filter(
    (name) =>
      !freshFiles.includes(name) ||
      !keptFiles.includes(name) ||
      !readFileSync(path.join(fresh, name)).equals(readFileSync(path.join(kept, name))),
  );
}

function listFiles(root, prefix = '') {
  let entries;
  try {
    entries = readdirSync(path.join(root, prefix));
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const relative = path.join(prefix, name);
    return statSync(path.join(root, relative)).isDirectory() ? listFiles(root, relative) : [relative];
  });
}

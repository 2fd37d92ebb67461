// What dist/ was built from: a hash of the path and content of every file the build reads (not
// mtimes: a fresh clone or a checkout touches every file). `npm install` records it after its build,
// and `npm test` rebuilds only when it differs — in CI, `npm ci` has just built dist/, and a second
// build cost half a minute of the run's fifteen.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const recordFile = path.join(root, 'dist', '.built-from');
const inputs = [
  'src',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'package-lock.json',
  'scripts/build-fingerprint.js',
];
const outputs = ['dist/cli/main.js', 'dist/web/index.html'];

/** Runs `npm run build` and records what it was built from; returns its exit status. */
export function buildAndRecord() {
  const fingerprint = sourcesFingerprint();
  const build = spawnSync('npm', ['run', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (build.status === 0) writeFileSync(recordFile, `${fingerprint} ${builtAt()}\n`);
  return build.status ?? 1;
}

/** Whether dist/ is there and was built from the sources as they are now. */
export function isBuiltFromCurrentSources() {
  if (!outputs.every((file) => existsSync(path.join(root, file))) || !existsSync(recordFile)) return false;
  return readFileSync(recordFile, 'utf8').trim() === `${sourcesFingerprint()} ${builtAt()}`;
}

// A build not made through here (`npm run build`, build:watch) may have compiled other sources: the
// record holds the time of the newest file of the build it describes, and any later write to dist/
// (build:watch rewrites only the files it recompiled) makes it stale.
function builtAt() {
  const built = listFiles(path.join(root, 'dist')).filter((file) => file !== recordFile);
  return Math.max(...built.map((file) => statSync(file).mtimeMs));
}

function sourcesFingerprint() {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap((input) => listFiles(path.join(root, input))).sort()) {
    // Tests are not built: changing one needs no build.
    if (/\.test\.tsx?$/.test(file)) continue;
    hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function listFiles(target) {
  if (!existsSync(target)) return [];
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * What docker/Dockerfile builds from: sources and manifests, not installed or built trees.
 * .dockerignore keeps the tests among them out of what is sent.
 */
export const labImageContextEntries = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'bin',
  'proto',
  'src',
  '.env.example',
  'docker/Dockerfile',
  '.dockerignore',
];

/**
 * A fingerprint of everything the lab's image is made of: every file of the build context (its
 * path and bytes; test files too, which can only cause a rebuild that the engine's cache then
 * answers), the base image asked for and the base image's id. An image tagged with it was
 * built from exactly this, so a start with it finds its image without asking the engine to
 * build: a cached build still sends the whole context and checks every step, which took 25 s
 * under load.
 */
export function fingerprintLabImage(root: string, base: { readonly name: string; readonly id: string }): string {
  const hash = createHash('sha256');
  hash.update(`base ${base.name} ${base.id}\0`);
  for (const file of listFiles(root, labImageContextEntries)) {
    const bytes = readFileSync(path.join(root, file));
    hash.update(`${file}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex').slice(0, 32);
}

/** The files under the entries, relative to root, in a stable order; a missing entry is skipped. */
function listFiles(root: string, entries: readonly string[]): string[] {
  const files: string[] = [];
  const visit = (relative: string) => {
    let stat;
    try {
      stat = statSync(path.join(root, relative));
    } catch {
      return;
    }
    if (stat.isFile()) files.push(relative);
    else if (stat.isDirectory())
      for (const name of readdirSync(path.join(root, relative)).sort()) visit(path.posix.join(relative, name));
  };
  for (const entry of entries) visit(entry);
  return files;
}

import { readFileSync } from 'node:fs';
import path from 'node:path';

/** `from './x.js'`, `import './x.js'`, `import('./x.js')`: the relative imports of a built module. */
const relativeImport = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * The files a built module runs: itself and every module it imports relatively, followed to the
 * end (packages in node_modules are not followed: they do not change under --watch). Read from
 * disk each time, so that an import added since is seen. A file that cannot be read (deleted in
 * the middle of a rebuild) is kept in the set and not followed.
 */
export function readModuleFiles(entry: string): Set<string> {
  const files = new Set<string>();
  const pending = [path.resolve(entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const match of source.matchAll(relativeImport)) pending.push(path.resolve(path.dirname(file), match[1]!));
  }
  return files;
}

import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The first of the names found on PATH, as an absolute path. */
export function findExecutable(names: readonly string[], pathVariable: string | undefined): string | undefined {
  const dirs = (pathVariable ?? '').split(path.delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not here; keep looking.
      }
    }
  }
  return undefined;
}

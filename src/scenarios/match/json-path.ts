import { describe, findMismatch } from './match-subset.js';

type Segment = { readonly key: string | number } | { readonly wildcard: true };

/**
 * The JSONPath that scenarios use (Step CI's `jsonpath:` form): `$`, `.name`, `['name']`, `[0]`,
 * `[*]` and `.*`. Returns what the path points at, or, when it has a wildcard, the list of all it
 * points at; undefined when nothing is there.
 */
export function readJsonPath(path: string, value: unknown): unknown {
  let current: unknown[] = [value];
  const segments = parseJsonPath(path);
  for (const segment of segments)
    current = current.flatMap((item) => {
      if (item === null || typeof item !== 'object') return [];
      if ('wildcard' in segment) return Object.values(item);
      const next = (item as Record<string | number, unknown>)[segment.key];
      return next === undefined ? [] : [next];
    });
  return segments.some((segment) => 'wildcard' in segment) ? current : current[0];
}

/** Each path's value checked as a subset (operators included); undefined when all hold, else the first that does not. */
export function findJsonPathMismatch(expected: Readonly<Record<string, unknown>>, actual: unknown): string | undefined {
  for (const [path, wanted] of Object.entries(expected)) {
    let found: unknown;
    try {
      found = readJsonPath(path, actual);
    } catch (error) {
      return `${path}: ${(error as Error).message}`;
    }
    if (found === undefined && wanted !== undefined && !isAbsence(wanted)) return `${path}: nothing there`;
    const mismatch = findMismatch(wanted, found);
    if (mismatch !== undefined) return `${path}: ${mismatch} (found ${describe(found)})`;
  }
  return undefined;
}

function isAbsence(wanted: unknown): boolean {
  return wanted !== null && typeof wanted === 'object' && (wanted as { $exists?: unknown }).$exists === false;
}

const segmentPattern = /^(?:\.([A-Za-z_$][\w$-]*)|\.\*|\[\*\]|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;

function parseJsonPath(path: string): Segment[] {
  if (!path.startsWith('$')) throw new Error('a JSONPath starts with $');
  const segments: Segment[] = [];
  let rest = path.slice(1);
  while (rest !== '') {
    const match = segmentPattern.exec(rest);
    if (match === null) throw new Error(`cannot read "${rest}" (use .name, ['name'], [0], [*] or .*)`);
    const [whole, name, index, single, double] = match;
    if (name !== undefined) segments.push({ key: name });
    else if (index !== undefined) segments.push({ key: Number(index) });
    else if (single !== undefined || double !== undefined) segments.push({ key: (single ?? double)! });
    else segments.push({ wildcard: true });
    rest = rest.slice(whole.length);
  }
  return segments;
}

/** MongoDB stores documents nested at most this deep (each object or array is a level). */
export const maxStoredNestingDepth = 100;

/**
 * Why MongoDB could never store this event, or undefined when it can. The event is stored one
 * level down (under `payload`), so its own depth counts one more. Field names with a NUL byte
 * cannot be written as BSON at all. Names with `$` or `.` are stored as they are (MongoDB 5.0+),
 * and the size needs no check: a body of at most 256 kB never makes a document near 16 MiB.
 * Walks without recursion, so a 100,000-level body is refused, not a stack overflow.
 */
export function findUnstorableReason(event: unknown): string | undefined {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: event, depth: 2, path: '' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > maxStoredNestingDepth)
      return `the event is nested more than ${maxStoredNestingDepth - 1} levels deep (at ${path.slice(0, 80)}…); MongoDB stores at most ${maxStoredNestingDepth}`;
    for (const [key, child] of Object.entries(value)) {
      // The path is for the message: kept short, so a very deep body costs no more than its size.
      const childPath = path.length > 80 ? path : path === '' ? key : `${path}.${key}`;
      if (key.includes('\u0000'))
        return `the field name ${JSON.stringify(childPath.slice(0, 80))} contains a NUL character, which MongoDB cannot store`;
      stack.push({ value: child, depth: depth + 1, path: childPath });
    }
  }
  return undefined;
}

/** MongoDB stores documents nested at most this deep (each object or array is a level). */
export const maxStoredNestingDepth = 100;

/**
 * Why MongoDB could never store this event, or undefined when it can. The event is stored one
 * level down (under `payload`), so its own depth counts one more. Field names with a NUL byte
 * cannot be written as BSON at all. A string (name or value) that is not well-formed UTF-16 (a lone
 * surrogate, `"\ud800"` in JSON) has no UTF-8 form: BSON would store U+FFFD instead, so two
 * different order ids (`\ud800`, `\udc00`) would become one order. Names with `$` or `.` are stored as they are (MongoDB 5.0+),
 * and the size needs no check: a body of at most 256 kB never makes a document near 16 MiB.
 * Walks without recursion, so a 100,000-level body is refused, not a stack overflow.
 */
export function findUnstorableReason(event: unknown): string | undefined {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: event, depth: 2, path: '' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value === 'string' && !isWellFormed(value))
      return `${describePath(path)} holds a lone UTF-16 surrogate, which MongoDB cannot store faithfully (it would become U+FFFD)`;
    if (value === null || typeof value !== 'object') continue;
    if (depth > maxStoredNestingDepth)
      return `the event is nested more than ${maxStoredNestingDepth - 1} levels deep (at ${path.slice(0, 80)}…); MongoDB stores at most ${maxStoredNestingDepth}`;
    for (const [key, child] of Object.entries(value)) {
      // The path is for the message: kept short, so a very deep body costs no more than its size.
      const childPath = path.length > 80 ? path : path === '' ? key : `${path}.${key}`;
      if (key.includes('\u0000'))
        return `the field name ${JSON.stringify(childPath.slice(0, 80))} contains a NUL character, which MongoDB cannot store`;
      if (!isWellFormed(key))
        return `the field name ${JSON.stringify(childPath.slice(0, 80))} holds a lone UTF-16 surrogate, which MongoDB cannot store faithfully`;
      stack.push({ value: child, depth: depth + 1, path: childPath });
    }
  }
  return undefined;
}

/** `String.prototype.isWellFormed` (Node 20; its type is in the ES2024 lib, past this project's ES2023). */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

/** Where a value is, for the message: `data.orderId`, or the event itself. */
function describePath(path: string): string {
  return path === '' ? 'the event' : `the field ${JSON.stringify(path.slice(0, 80))}`;
}

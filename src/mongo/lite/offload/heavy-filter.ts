import type { Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';

/**
 * Operators whose cost per document has no bound the filter's size gives: any expression, and
 * regular expressions — RE2 is linear, but in pattern size × string length, and one match cannot
 * be interrupted (`[^b]{0,500}B` over a 300 KB string takes tens of seconds).
 */
const expressionOperators = new Set(['$expr', '$where', '$function', '$accumulator', '$regex']);

/**
 * Above this many conditions and values (a 100,000-clause `$or`, an 800,000-value `$in`),
 * compiling the filter alone takes long.
 */
const maxLightNodes = 1000;

/**
 * Whether a filter is matched on a worker thread rather than in time slices on the main one:
 * a slice ends only between documents, so one document's `$expr`, or a filter so large that
 * compiling or testing it once takes long, would hold every other connection.
 */
export function isHeavyFilter(filter: Document | undefined): boolean {
  if (filter === undefined) return false;
  let nodes = 0;
  const visit = (value: unknown): boolean => {
    if (++nodes > maxLightNodes) return true;
    if (Array.isArray(value)) return value.some(visit);
    if (isRegularExpression(value)) return true;
    if (!isPlainDocument(value)) return false;
    for (const [key, inner] of Object.entries(value)) {
      if (expressionOperators.has(key)) return true;
      if (visit(inner)) return true;
    }
    return false;
  };
  return visit(filter);
}

/** `{ field: /pattern/ }`, as the driver sends it (a BSON regular expression) or as decoded. */
function isRegularExpression(value: unknown): boolean {
  return value instanceof RegExp || (value as { _bsontype?: unknown } | null)?._bsontype === 'BSONRegExp';
}

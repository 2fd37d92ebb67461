import type { Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';

/** Operators whose cost per document has no bound the filter's size gives: any expression. */
const expressionOperators = new Set(['$expr', '$where', '$function', '$accumulator']);

/**
 * RE2 is linear, but in compiled program size × string length, and one match cannot be
 * interrupted: a counted repetition copies its atom once per count (`[^b]{0,500}B` over a 300 KB
 * string took tens of seconds), as does a very long pattern. Such patterns are matched on a
 * worker; a short one stays here, where a worker's start would cost more than the match.
 */
const maxLightRepetition = 100;
const maxLightPatternLength = 1000;

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
    const pattern = regularExpressionSource(value);
    if (pattern !== undefined) return isCostlyPattern(pattern);
    if (!isPlainDocument(value)) return false;
    for (const [key, inner] of Object.entries(value)) {
      if (expressionOperators.has(key)) return true;
      if (key === '$regex' && typeof inner === 'string' && isCostlyPattern(inner)) return true;
      if (visit(inner)) return true;
    }
    return false;
  };
  return visit(filter);
}

/** The pattern of `/pattern/`, as the driver sends it (a BSON regular expression) or as decoded. */
function regularExpressionSource(value: unknown): string | undefined {
  if (value instanceof RegExp) return value.source;
  const bson = value as { _bsontype?: unknown; pattern?: unknown } | null;
  return bson?._bsontype === 'BSONRegExp' && typeof bson.pattern === 'string' ? bson.pattern : undefined;
}

function isCostlyPattern(pattern: string): boolean {
  if (pattern.length > maxLightPatternLength) return true;
  for (const [, low, high] of pattern.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    if (Number(low) >= maxLightRepetition || Number(high ?? 0) >= maxLightRepetition) return true;
  }
  return false;
}

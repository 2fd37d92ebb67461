import { queryPathValues } from './query-path-values.js';

type Predicate = (document: Record<string, unknown>) => boolean;

/** Shorter lists are as quick to scan as to hash. */
const minHashedLength = 16;

const isPlainScalar = (value: unknown) =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * `{ field: { $in: [...] } }` over a list of strings, numbers, booleans and nulls, matched
 * through a set built once per filter: mingo hashes the whole list again for every document,
 * so an 800,000-value `$in` took seconds per document. Same answers as mingo's: the value or
 * any element of an array value is in the list, and a missing or null field matches a null.
 * Undefined (not hashed) for any other list.
 */
export function hashedMembership(selector: string, list: unknown): Predicate | undefined {
  if (!Array.isArray(list) || list.length < minHashedLength || !list.every(isPlainScalar)) return undefined;
  const members = new Set<unknown>(list);
  const matchesMissing = members.has(null);
  // The path walked as $eq walks it (query-path-values.ts).
  return (document) =>
    queryPathValues(document, selector).some((value) =>
      value === null || value === undefined ? matchesMissing : members.has(value),
    );
}

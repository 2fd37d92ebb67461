import type { Document } from 'bson';
import { toNumber } from '../bson/bson-values.js';
import { compareBson } from '../bson/compare-bson.js';
import { getPath } from './document-path.js';
import { ErrorCode, MongoCommandError } from './mongo-command-error.js';

/** Sorts by a sort specification (`{ createdAt: -1, _id: -1 }`), in BSON's cross-type order. */
export function sortDocuments<T>(items: T[], sort: Document | undefined, documentOf: (item: T) => Document): T[] {
  const order = compileSortOrder(sort, documentOf);
  if (order === undefined) return items;
  if (order === 'natural') return items;
  if (order === 'reverse') return [...items].reverse();
  return [...items].sort(order);
}

/**
 * A sort specification as a comparison (a stable sort with it gives mongod's order), or
 * `'natural'`/`'reverse'` for `$natural`, or undefined for no sort; a bad one is a BadValue.
 */
export function compileSortOrder<T>(
  sort: Document | undefined,
  documentOf: (item: T) => Document,
): ((a: T, b: T) => number) | 'natural' | 'reverse' | undefined {
  if (sort === undefined || Object.keys(sort).length === 0) return undefined;
  const keys = Object.entries(sort).map(([path, direction]) => {
    const numeric = toNumber(direction);
    if (numeric !== 1 && numeric !== -1)
      throw new MongoCommandError(
        ErrorCode.BadValue,
        `$sort key ordering must be 1 (for ascending) or -1 (for descending); ${path} has ${JSON.stringify(direction)}`,
      );
    return { path, direction: numeric };
  });
  if (keys.length === 1 && keys[0]!.path === '$natural') return keys[0]!.direction === 1 ? 'natural' : 'reverse';
  // Each item's sort values are read once, not in each of its log(n) comparisons: reading them
  // was most of the cost of sorting a result (GetOrders sorts every order of the collection).
  const valuesOf = new Map<T, unknown[]>();
  const read = (item: T): unknown[] => {
    let values = valuesOf.get(item);
    if (values === undefined) {
      const document = documentOf(item);
      values = keys.map(({ path }) => getPath(document, path));
      valuesOf.set(item, values);
    }
    return values;
  };
  return (a, b) => {
    const valuesA = read(a);
    const valuesB = read(b);
    for (let at = 0; at < keys.length; at++) {
      const result = compareBson(valuesA[at], valuesB[at]);
      if (result !== 0) return result * keys[at]!.direction;
    }
    return 0;
  };
}

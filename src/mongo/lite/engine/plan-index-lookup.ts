import type { Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';
import type { CollectionIndex } from './collection-index.js';
import type { LiteCollection } from './lite-collection.js';

/** Most key tuples one query looks up (the product of its `$in` lists); past it a shorter prefix serves. */
const maxLookups = 10_000;

/**
 * The ids of the documents an index says may match a filter, as mongod's planner picks an index:
 * the one whose leading fields the filter constrains by equality the furthest — the outbox's
 * `{status: 1, createdAt: 1}` for `{status: 'pending', createdAt: {$lt: t}}` reads only the
 * pending entries, whatever the history holds. A superset of the matches (the filter is still
 * tested on each); undefined when no index applies and the collection must be scanned.
 */
export function planIndexLookup(collection: LiteCollection, filter: Document): ReadonlySet<string> | undefined {
  let best: { index: CollectionIndex; values: unknown[][] } | undefined;
  for (const index of collection.secondaryIndexes()) {
    if (!index.holdsEveryMatchOf(filter)) continue;
    const values = equalityPrefix(index.fields, filter);
    // Only a full index keeps its prefixes' keys (CollectionIndex.servesPrefixes).
    if (!index.servesEquality && values.length < index.fields.length) continue;
    if (values.length > (best?.values.length ?? 0)) best = { index, values };
  }
  if (best === undefined) return undefined;
  const ids = new Set<string>();
  for (const tuple of tuplesOf(best.values)) for (const id of best.index.lookup(tuple)) ids.add(id);
  return ids;
}

/**
 * The values each leading field of the index must equal, for as many fields as the filter says.
 * Not `null` on a dotted field: its keys walk every array level (`a: [[{b: 1}]]` holds key 1 for
 * `a.b`, `a.0.b` takes only the element), while `{path: null}` also matches a branch where the
 * walk finds the field missing (query-path-values.ts), so a null lookup would lose matches.
 */
function equalityPrefix(fields: readonly string[], filter: Document): unknown[][] {
  const prefix: unknown[][] = [];
  let lookups = 1;
  for (const field of fields) {
    if (!Object.hasOwn(filter, field)) break;
    const values = equalityValues(filter[field]);
    if (values === undefined || lookups * values.length > maxLookups) break;
    if (field.includes('.') && values.some((value) => value === null)) break;
    lookups *= values.length;
    prefix.push(values);
  }
  return prefix;
}

function tuplesOf(values: readonly unknown[][]): unknown[][] {
  let tuples: unknown[][] = [[]];
  for (const choices of values) tuples = tuples.flatMap((tuple) => choices.map((value) => [...tuple, value]));
  return tuples;
}

/**
 * The values a condition requires equality with (`v`, `{$eq: v}`, `{$in: [...]}`), when the
 * index can answer it: scalars only, since a whole array or sub-document matches differently.
 */
export function equalityValues(condition: unknown): unknown[] | undefined {
  const usable = (value: unknown) =>
    value !== undefined && !Array.isArray(value) && !isPlainDocument(value) && !(value instanceof RegExp);
  if (usable(condition)) return [condition];
  if (!isPlainDocument(condition) || Object.keys(condition).length !== 1) return undefined;
  if ('$eq' in condition && usable(condition['$eq'])) return [condition['$eq']];
  const list = condition['$in'];
  if (Array.isArray(list) && list.every(usable)) return list;
  return undefined;
}

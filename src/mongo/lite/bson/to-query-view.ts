import type { Document } from 'bson';
import { bsonTypeOf, toNumber } from './bson-values.js';

/**
 * mingo compares plain JS numbers only, while documents are stored with their BSON number
 * types (Int32, Double, Long, Decimal128) kept for fidelity. Matching and aggregation run on
 * this view: the same document with every number made a JS number. Other values are shared,
 * not copied.
 */
export function toQueryView(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toQueryView);
  const tag = bsonTypeOf(value);
  if (tag !== undefined) {
    const number = toNumber(value);
    return number ?? value;
  }
  if (value instanceof Date || value instanceof RegExp || value instanceof Uint8Array) return value;
  const view: Document = {};
  for (const key of Object.keys(value)) view[key] = toQueryView((value as Document)[key]);
  return view;
}

export function toDocumentView(document: Document): Document {
  return toQueryView(document) as Document;
}

import type { Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';

/**
 * The values a query condition on a dotted path is tested against, as mongod walks a path: an
 * array on the way is entered one level (each of its documents, or the element a numeric part
 * names), never an array inside an array; at the end of the path an array counts as itself and as
 * each of its elements. `undefined` stands for a branch where the field is missing. Every
 * equality operator ($eq, $ne, $in, $nin and the engine's own equality test) reads this one walk,
 * so that a condition and its negation never both match a document.
 */
export function queryPathValues(document: unknown, path: string): unknown[] {
  const parts = path.split('.');
  const out: unknown[] = [];
  const walk = (value: unknown, index: number, inArray: boolean): void => {
    if (index === parts.length) {
      out.push(value);
      if (Array.isArray(value)) for (const element of value) out.push(element);
      return;
    }
    const part = parts[index]!;
    if (isPlainDocument(value)) {
      walk(value[part], index + 1, false);
    } else if (Array.isArray(value) && !inArray) {
      if (/^\d+$/.test(part) && Number(part) < value.length) walk(value[Number(part)], index + 1, false);
      for (const element of value) if (isPlainDocument(element)) walk(element, index, true);
      // An empty array offers no branch where the field could be missing (mongod's index keys agree).
      if (value.length > 0 && !value.some(isPlainDocument) && !/^\d+$/.test(part)) out.push(undefined);
    } else {
      out.push(undefined);
    }
  };
  walk(document, 0, false);
  return out;
}

/** Whether a value from the walk above is missing or null: what `{ path: null }` matches. */
export function isNullish(value: unknown): boolean {
  return value === null || value === undefined;
}

export type { Document };

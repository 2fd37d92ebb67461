import type { Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';
import { toKeyString } from '../bson/key-string.js';
import { toDocumentView } from '../bson/to-query-view.js';
import { createQuery } from './regex/linear-mingo.js';

/** A partial index's filter, as tested on every write to its collection. */
export interface PartialFilter {
  /** Whether a document (its query view) belongs in the index. */
  test(view: Document): boolean;
  /**
   * The top-level fields the filter reads, when it reads no others: a write that leaves them as
   * they were leaves the document in or out of the index as it was. Undefined otherwise.
   */
  readonly fields: readonly string[] | undefined;
}

/**
 * Compiles a partialFilterExpression. The usual ones (`{ outboxPending: true }`, `{ key: { $exists:
 * true } }`) are tested without mingo, whose query costs more than the rest of an index update;
 * a document whose tested field holds an array or a sub-document, and any other filter, goes to mingo.
 */
export function compilePartialFilter(expression: Document): PartialFilter {
  const query = createQuery(toDocumentView(expression));
  const conditions = simpleConditions(toDocumentView(expression));
  if (conditions === undefined) return { test: (view) => query.test(view), fields: undefined };
  return {
    fields: conditions.map(([field]) => field),
    test: (view) => {
      for (const [field, condition] of conditions) {
        const value = view[field];
        if (Array.isArray(value) || isPlainDocument(value)) return query.test(view);
        // As in mongod: `$exists: true` holds for null, and equality with null holds for a missing field.
        const holds =
          condition === exists
            ? value !== undefined
            : condition === null
              ? value === null || value === undefined
              : value !== undefined && value !== null && toKeyString(value) === condition;
        if (!holds) return false;
      }
      return true;
    },
  };
}

const exists = Symbol('$exists: true');

/** `[field, key string of the value | null | exists]` for each condition, if all are simple. */
function simpleConditions(view: Document): Array<[string, string | null | typeof exists]> | undefined {
  const conditions: Array<[string, string | null | typeof exists]> = [];
  for (const [field, condition] of Object.entries(view)) {
    if (field.startsWith('$') || field.includes('.')) return undefined;
    if (isPlainDocument(condition)) {
      if (Object.keys(condition).length !== 1 || condition['$exists'] !== true) return undefined;
      conditions.push([field, exists]);
    } else if (Array.isArray(condition) || condition instanceof RegExp || condition === undefined) {
      return undefined;
    } else {
      conditions.push([field, condition === null ? null : toKeyString(condition)]);
    }
  }
  return conditions;
}

import type { Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';
import { toDocumentView } from '../bson/to-query-view.js';
import { equalsAt } from './equality-operators.js';
import { withExpressionMemory } from './memory/expression-memory.js';
import { ErrorCode, MongoCommandError } from './mongo-command-error.js';
import { createQuery } from './regex/linear-mingo.js';

/** A compiled filter: tests a document's query view. */
export interface CompiledFilter {
  readonly matchesAll: boolean;
  test(view: Document): boolean;
}

/** Compiles a query filter with mingo; an unknown operator is a BadValue, as in mongod. */
export function compileFilter(filter: Document | undefined): CompiledFilter {
  if (filter === undefined || Object.keys(filter).length === 0) return { matchesAll: true, test: () => true };
  if (typeof filter !== 'object' || Array.isArray(filter))
    throw new MongoCommandError(ErrorCode.TypeMismatch, 'filter must be an object');
  const equality = compileEquality(toDocumentView(filter));
  if (equality !== undefined) return equality;
  try {
    const query = createQuery(toDocumentView(filter));
    return { matchesAll: false, test: (view) => withExpressionMemory(() => query.test(view)) };
  } catch (error) {
    if (error instanceof MongoCommandError) throw error;
    const message = (error as Error).message;
    const operator = /(\$\w+)/.exec(message)?.[1];
    throw new MongoCommandError(
      ErrorCode.BadValue,
      operator === undefined ? `invalid filter: ${message}` : `unknown operator: ${operator}`,
    );
  }
}

/**
 * The most common filter, equality on plain fields with scalar values (`{ _id: x }`,
 * `{ eventId: "evt_1" }`), matched without mingo: building a mingo query costs more than the
 * lookup it filters. Semantics as in mongod: an array field matches when an element is equal,
 * and null matches a missing field.
 */
function compileEquality(view: Document): CompiledFilter | undefined {
  const conditions: Array<(document: Document) => boolean> = [];
  for (const [path, value] of Object.entries(view)) {
    if (path.startsWith('$') || Array.isArray(value) || isPlainDocument(value) || value instanceof RegExp)
      return undefined;
    // The same walk as the query's $eq and $ne (equality-operators.ts): each the other's negation.
    conditions.push(equalsAt(path, value));
  }
  return { matchesAll: false, test: (document) => conditions.every((test) => test(document)) };
}

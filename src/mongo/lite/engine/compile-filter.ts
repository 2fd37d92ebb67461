import type { Document } from 'bson';
import { Query } from 'mingo';
import { toDocumentView } from '../bson/to-query-view.js';
import { ErrorCode, MongoCommandError } from './mongo-command-error.js';

/** A compiled filter: tests a document's query view. */
export interface CompiledFilter {
  readonly matchesAll: boolean;
  test(view: Document): boolean;
}

/** Compiles a query filter with mingo; an unknown operator is a BadValue, as in mongod. */
export function compileFilter(filter: Document | undefined): CompiledFilter {
  if (filter === undefined || Object.keys(filter).length === 0) return { matchesAll: true, test: () => true };
  if (typeof filter !== 'object' || Array.isArray(filter)) throw new MongoCommandError(ErrorCode.TypeMismatch, 'filter must be an object');
  try {
    const query = new Query(toDocumentView(filter));
    return { matchesAll: false, test: (view) => query.test(view) };
  } catch (error) {
    const message = (error as Error).message;
    const operator = /(\$\w+)/.exec(message)?.[1];
    throw new MongoCommandError(ErrorCode.BadValue, operator === undefined ? `invalid filter: ${message}` : `unknown operator: ${operator}`);
  }
}

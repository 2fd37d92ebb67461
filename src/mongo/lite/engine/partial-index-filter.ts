import type { Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';
import { ErrorCode, MongoCommandError } from './mongo-command-error.js';

/** The operators mongod accepts in a partialFilterExpression (`$exists` only as true). */
const allowedOperators = new Set(['$eq', '$gt', '$gte', '$lt', '$lte', '$type', '$in', '$exists']);

/**
 * Refuses a partialFilterExpression that mongod refuses. The filter is tested on every write to
 * the collection, by whichever client writes, on the thread that answers them all: a `$regex`
 * or `$expr` there would make each insert as slow as the costliest match (issue 8, class 8).
 */
export function checkPartialFilterExpression(filter: Document): void {
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition)) refuse(key);
      for (const inner of condition as unknown[]) {
        if (!isPlainDocument(inner)) refuse(key);
        checkPartialFilterExpression(inner as Document);
      }
    } else if (key.startsWith('$')) refuse(key);
    else checkCondition(condition);
  }
}

function checkCondition(condition: unknown): void {
  if (condition instanceof RegExp || (condition as { _bsontype?: string } | null)?._bsontype === 'BSONRegExp')
    refuse('$regex');
  if (!isPlainDocument(condition) || !Object.keys(condition).some((key) => key.startsWith('$'))) return;
  for (const [operator, operand] of Object.entries(condition)) {
    if (!allowedOperators.has(operator) || (operator === '$exists' && operand !== true)) refuse(operator);
    if (operator === '$in' && Array.isArray(operand)) operand.forEach(checkCondition);
  }
}

function refuse(operator: string): never {
  throw new MongoCommandError(ErrorCode.CannotCreateIndex, `Expression not supported in partial index: ${operator}`);
}

import type { Document } from 'bson';
import { isPlainDocument, toNumber } from '../../bson/bson-values.js';
import { toKeyString } from '../../bson/key-string.js';
import { toQueryView } from '../../bson/to-query-view.js';
import { compileFilter } from '../compile-filter.js';
import { cloneDocument } from '../document-path.js';
import { ErrorCode, MongoCommandError } from '../mongo-command-error.js';
import { sortDocuments } from '../sort-documents.js';
import { setAt } from './update-paths.js';

export const arrayOperators = ['$push', '$addToSet', '$pop', '$pull', '$pullAll'];

/** `$push`, `$addToSet`, `$pop`, `$pull` and `$pullAll`, on the array at `parts`. */
export function applyArrayOperator(
  document: Document,
  operator: string,
  parts: string[],
  current: unknown,
  operand: unknown,
): void {
  if (current !== undefined && !Array.isArray(current)) {
    throw new MongoCommandError(
      ErrorCode.BadValue,
      `The field '${parts.join('.')}' must be an array but is of type ${typeof current} in document {_id: ${JSON.stringify(document['_id'])}}`,
    );
  }
  const array = (current as unknown[] | undefined) ?? [];
  switch (operator) {
    case '$push':
      setAt(document, parts, push(array, operand));
      return;
    case '$addToSet': {
      const values = isPlainDocument(operand) && Array.isArray(operand['$each']) ? operand['$each'] : [operand];
      const present = new Set(array.map(toKeyString));
      const next = [...array];
      for (const value of values) {
        const key = toKeyString(value);
        if (!present.has(key)) {
          present.add(key);
          next.push(cloneDocument(value));
        }
      }
      setAt(document, parts, next);
      return;
    }
    case '$pop':
      if (current === undefined) return;
      setAt(document, parts, (toNumber(operand) ?? 1) < 0 ? array.slice(1) : array.slice(0, -1));
      return;
    case '$pull': {
      if (current === undefined) return;
      const matches = pullMatcher(operand);
      setAt(
        document,
        parts,
        array.filter((element) => !matches(element)),
      );
      return;
    }
    case '$pullAll': {
      if (!Array.isArray(operand))
        throw new MongoCommandError(ErrorCode.BadValue, '$pullAll requires an array argument');
      if (current === undefined) return;
      const removed = new Set(operand.map(toKeyString));
      setAt(
        document,
        parts,
        array.filter((element) => !removed.has(toKeyString(element))),
      );
      return;
    }
  }
}

function push(array: unknown[], operand: unknown): unknown[] {
  if (!isPlainDocument(operand) || !('$each' in operand)) return [...array, cloneDocument(operand)];
  const each = operand['$each'];
  if (!Array.isArray(each))
    throw new MongoCommandError(ErrorCode.BadValue, 'The argument to $each in $push must be an array');
  const position = toNumber(operand['$position']);
  const at =
    position === undefined
      ? array.length
      : position < 0
        ? Math.max(0, array.length + position)
        : Math.min(position, array.length);
  // concat, not splice(at, 0, ...each): spreading 300,000 arguments overflows the stack.
  let next = array.slice(0, at).concat(each.map(cloneDocument), array.slice(at));
  const sort = operand['$sort'];
  if (sort !== undefined) {
    const direction = toNumber(sort);
    next =
      direction !== undefined
        ? sortDocuments(next, { v: direction }, (value) => ({ v: value }))
        : sortDocuments(next, sort as Document, (value) => (isPlainDocument(value) ? value : {}));
  }
  const slice = toNumber(operand['$slice']);
  if (slice !== undefined) next = slice >= 0 ? next.slice(0, slice) : next.slice(slice);
  return next;
}

/** `$pull` removes elements equal to a value, or matching a condition. */
function pullMatcher(operand: unknown): (element: unknown) => boolean {
  if (!isPlainDocument(operand)) {
    const key = toKeyString(operand);
    return (element) => toKeyString(element) === key;
  }
  const hasOperators = Object.keys(operand).some((key) => key.startsWith('$'));
  if (hasOperators) {
    const filter = compileFilter({ value: operand });
    return (element) => filter.test({ value: toQueryView(element) });
  }
  const filter = compileFilter(operand);
  return (element) => isPlainDocument(element) && filter.test(toQueryView(element) as Document);
}

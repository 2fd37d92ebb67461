import * as queryOperators from 'mingo/operators/query';
import type { Document } from 'bson';
import { toKeyString } from '../bson/key-string.js';
import { isNullish, queryPathValues } from './query-path-values.js';

type Predicate = (document: Document) => boolean;
type QueryOperator = (selector: string, value: unknown, options: unknown) => Predicate;

const mingoIn = queryOperators.$in as unknown as QueryOperator;

function isPattern(value: unknown): boolean {
  return value instanceof RegExp || (value as { _bsontype?: unknown } | null)?._bsontype === 'BSONRegExp';
}

/** `{ path: value }`: some value the path reaches equals it (null: one is null or missing). */
export function equalsAt(selector: string, value: unknown): Predicate {
  if (value === null || value === undefined) return (document) => queryPathValues(document, selector).some(isNullish);
  const key = toKeyString(value);
  return (document) =>
    queryPathValues(document, selector).some((found) => found !== undefined && toKeyString(found) === key);
}

const $eq: QueryOperator = (selector, value) => equalsAt(selector, value);

const $ne: QueryOperator = (selector, value) => {
  const equal = equalsAt(selector, value);
  return (document) => !equal(document);
};

/** Values by the same walk as $eq; regular expressions in the list as mingo matches them. */
const $in: QueryOperator = (selector, value, options) => {
  const list = Array.isArray(value) ? value : [];
  const tests = list.filter((entry) => !isPattern(entry)).map((entry) => equalsAt(selector, entry));
  const patterns = list.filter(isPattern);
  if (patterns.length > 0) tests.push(mingoIn(selector, patterns, options));
  return (document) => tests.some((test) => test(document));
};

const $nin: QueryOperator = (selector, value, options) => {
  const within = $in(selector, value, options);
  return (document) => !within(document);
};

/**
 * mingo's equality operators replaced by ones that walk paths as mongod does: mingo entered
 * arrays inside arrays for $eq but not for $in, so `{'a.b': 5}` and `{'a.b': {$nin: [5]}}` could
 * both match one document.
 */
export const equalityQueryOperators = { $eq, $ne, $in, $nin };

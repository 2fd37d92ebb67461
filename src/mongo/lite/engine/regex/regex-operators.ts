import type { RE2JS } from 're2js';
import { evalExpr } from 'mingo/core';
import { $all } from 'mingo/operators/query/array';
import { equalityQueryOperators } from '../equality-operators.js';
import { ensureArray, isRegExp, isString, resolve } from 'mingo/util';
import { hashedMembership } from '../hashed-in.js';
import { currentScope } from '../request-scope.js';
import { ErrorCode, MongoCommandError } from '../mongo-command-error.js';
import { compileRegex, toRegexParts } from './compile-regex.js';
import { chargeMatch } from './main-thread-budget.js';

type Predicate = (document: Record<string, unknown>) => boolean;
type QueryOperator = (selector: string, value: unknown, options: never) => Predicate;

/**
 * The operator a filter's `{ $regex, $options }` is rewritten to before mingo sees it: mingo
 * would build a backtracking JS RegExp from it (and refuse the `x` option).
 */
export const linearRegexOperator = '$linearRegex';

/** Field values that match, as mongod matches a regex: the value, or any element of an array. */
function regexPredicate(selector: string, regex: RE2JS): Predicate {
  const matches = (value: unknown) => {
    if (!isString(value)) return false;
    chargeMatch(regex, value);
    return regex.matcher(value).find();
  };
  return (document) => {
    const values = ensureArray(resolve(document, selector, { unwrapArray: true }));
    // An array's elements are tested too; a plain value once (a match can be costly).
    return values.some(matches) || values.some((value) => Array.isArray(value) && value.some(matches));
  };
}

function toRegex(value: unknown): RE2JS {
  const { pattern, options } = toRegexParts(value, undefined);
  return compileRegex(pattern, options);
}

export const linearRegexQueryOperators: Record<string, QueryOperator> = {
  [linearRegexOperator]: (selector, value) => {
    const condition = value as { pattern: unknown; options: unknown };
    const { pattern, options } = toRegexParts(condition.pattern, condition.options);
    return regexPredicate(selector, compileRegex(pattern, options));
  },
  // A regular expression given as a value (`{ name: /^a/ }`, `$not: /a/`) reaches mingo as $regex.
  $regex: (selector, value) => regexPredicate(selector, toRegex(value)),
  $in: (selector, value, options) => withRegexElements(selector, value, options, equalityQueryOperators.$in, false),
  $nin: (selector, value, options) => withRegexElements(selector, value, options, equalityQueryOperators.$nin, true),
  $all: (selector, value, options) => {
    if (Array.isArray(value) && value.some(isRegExp))
      throw new MongoCommandError(
        ErrorCode.BadValue,
        "$all with a regular expression is not supported by rtlab's embedded engine; use $and of { field: /…/ } conditions",
      );
    return $all(selector, value as never, options);
  },
};

/** $in / $nin whose list holds regular expressions: those elements are matched with RE2. */
function withRegexElements(
  selector: string,
  value: unknown,
  options: never,
  operator: typeof equalityQueryOperators.$in,
  negate: boolean,
): Predicate {
  if (!Array.isArray(value) || !value.some(isRegExp)) {
    const hashed = hashedMembership(selector, value);
    if (hashed !== undefined) return negate ? (document) => !hashed(document) : hashed;
    return operator(selector, value as never, options) as Predicate;
  }
  const regexes = value.filter(isRegExp).map((regex) => regexPredicate(selector, toRegex(regex)));
  const plain = equalityQueryOperators.$in(
    selector,
    value.filter((element) => !isRegExp(element)),
    options,
  ) as Predicate;
  return (document) => (plain(document) || regexes.some((matches) => matches(document))) !== negate;
}

type ExpressionOperator = (document: unknown, expression: unknown, options: never) => unknown;

interface RegexMatch {
  match: string;
  idx: number;
  captures: Array<string | null>;
}

/** $regexMatch, $regexFind and $regexFindAll with RE2: same answers, linear time. */
function searchAll(document: unknown, expression: unknown, options: never, global: boolean): RegexMatch[] {
  const args = evalExpr(document, expression as never, options) as {
    input?: unknown;
    regex?: unknown;
    options?: unknown;
  };
  if (!isString(args.input)) return [];
  const { pattern, options: regexOptions } = toRegexParts(args.regex, args.options);
  const regex = compileRegex(pattern, regexOptions);
  chargeMatch(regex, args.input);
  const matcher = regex.matcher(args.input);
  const found: RegexMatch[] = [];
  let from = 0;
  const { deadline } = currentScope();
  while (from <= args.input.length && matcher.find(from)) {
    // A 4 MiB string holds millions of matches: the command's maxTimeMS is checked between them.
    deadline.check();
    const captures: Array<string | null> = [];
    for (let group = 1; group <= matcher.groupCount(); group++) captures.push(matcher.group(group) ?? null);
    found.push({ match: matcher.group(0) ?? '', idx: matcher.start(), captures });
    if (!global) break;
    from = matcher.end() > matcher.start() ? matcher.end() : matcher.end() + 1;
  }
  return found;
}

export const $regexFindAll: ExpressionOperator = (document, expression, options) =>
  searchAll(document, expression, options, true);

export const linearRegexExpressionOperators: Record<string, ExpressionOperator> = {
  $regexMatch: (document, expression, options) => searchAll(document, expression, options, false).length > 0,
  $regexFind: (document, expression, options) => searchAll(document, expression, options, false)[0] ?? null,
  $regexFindAll,
};

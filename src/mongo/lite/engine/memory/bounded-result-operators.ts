import * as expressionOperators from 'mingo/operators/expression';
import { $regexFindAll } from '../regex/regex-operators.js';
import { chargeArray, measureExpression } from './expression-memory.js';

type ExpressionOperator = (document: unknown, expression: unknown, options: never) => unknown;

/**
 * Operators whose result is a new array, document or string no larger than what they read, but
 * which a `$reduce` or a request over many documents can call again and again: each result is
 * counted against the command's budgets once built, so a `$reduce` growing an array with
 * `$setUnion`, or a document with `$mergeObjects`, is refused with ExceededMemoryLimit (146)
 * before the heap runs out.
 */
const counted: Record<string, ExpressionOperator> = {
  $filter: expressionOperators.$filter,
  $zip: expressionOperators.$zip,
  $setUnion: expressionOperators.$setUnion,
  $setIntersection: expressionOperators.$setIntersection,
  $setDifference: expressionOperators.$setDifference,
  $reverseArray: expressionOperators.$reverseArray,
  $slice: expressionOperators.$slice,
  $sortArray: expressionOperators.$sortArray,
  $firstN: expressionOperators.$firstN,
  $lastN: expressionOperators.$lastN,
  $maxN: expressionOperators.$maxN,
  $minN: expressionOperators.$minN,
  $objectToArray: expressionOperators.$objectToArray,
  $arrayToObject: expressionOperators.$arrayToObject,
  $mergeObjects: expressionOperators.$mergeObjects,
  $split: expressionOperators.$split,
  $concat: expressionOperators.$concat,
  $regexFindAll,
} as Record<string, ExpressionOperator>;

/** A result's size as the budgets count it: 16 bytes per element or field, 2 per character. */
function charge(name: string, result: unknown): void {
  if (Array.isArray(result)) chargeArray(name, result.length);
  else if (typeof result === 'string') chargeArray(name, result.length, 2);
  else if (result !== null && typeof result === 'object') chargeArray(name, Object.keys(result).length);
}

export const boundedResultExpressionOperators: Record<string, ExpressionOperator> = Object.fromEntries(
  Object.entries(counted).map(([name, operator]) => [
    name,
    ((document, expression, options) =>
      measureExpression(() => {
        const result = operator(document, expression, options);
        charge(name, result);
        return result;
      })) satisfies ExpressionOperator,
  ]),
);

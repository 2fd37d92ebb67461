import { evalExpr } from 'mingo/core';
import { $concatArrays, $map, $range } from 'mingo/operators/expression';
import { isInteger } from 'mingo/util';
import { ErrorCode, MongoCommandError } from '../mongo-command-error.js';
import { arrayBytes, chargeArray, elementBytes, maxRangeBytes, measureExpression } from './expression-memory.js';

const isInt = (value: unknown): value is number => isInteger(value);

type ExpressionOperator = (document: unknown, expression: unknown, options: never) => unknown;

/** How many elements mongod reserves for `$range` (one more than it yields for an exact fit). */
function rangeLength(start: number, end: number, step: number): number {
  const steps = Math.trunc((end - start) / step);
  return steps >= 0 ? 1 + steps : 0;
}

/**
 * `$range` sized before it is built: over mongod's limit it answers mongod's error (code 146,
 * same message) instead of growing a JS array until V8 aborts the process.
 */
const boundedRange: ExpressionOperator = (document, expression, options) => {
  const isWellFormed = Array.isArray(expression) && expression.length > 1 && expression.length < 4;
  const args = isWellFormed ? (evalExpr(document, expression as never, options) as unknown[]) : [];
  const [start, end] = args;
  const step = args[2] ?? 1; // null too, as mingo reads it
  // Anything mingo refuses (not integers, step 0, wrong arity) is left to its own message.
  if (!isInt(start) || !isInt(end) || !isInt(step) || step === 0)
    return $range(document as never, expression as never, options);
  const length = rangeLength(start, end, step);
  const memNeeded = arrayBytes + length * elementBytes;
  if (memNeeded >= maxRangeBytes) {
    throw new MongoCommandError(
      ErrorCode.ExceededMemoryLimit,
      `$range would use too much memory (${memNeeded} bytes) and cannot spill to disk. Memory limit: ${maxRangeBytes} bytes`,
    );
  }
  chargeArray('$range', length);
  const result: number[] = [];
  for (let value = start; step > 0 ? value < end : value > end; value += step) result.push(value);
  return result;
};

/** `$concatArrays` counted against the request's budget: doubling in `$reduce` is refused early. */
const boundedConcatArrays: ExpressionOperator = (document, expression, options) => {
  const args = evalExpr(document, expression as never, options);
  // null, missing or non-array arguments: mingo answers (null or its error) as before.
  if (!Array.isArray(args) || !args.every(Array.isArray))
    return $concatArrays(document as never, expression as never, options);
  const arrays = args as unknown[][];
  chargeArray(
    '$concatArrays',
    arrays.reduce((sum, array) => sum + array.length, 0),
  );
  return arrays.flat(1);
};

/**
 * `$map` counted by its input's length: a `$map` nested in another over a stored array builds
 * their product, which no single input bounds. Each element is a computed value, often a
 * document, so it is counted at more than a number's 16 bytes (a rough V8 object's size).
 */
const computedElementBytes = 64;

const boundedMap: ExpressionOperator = (document, expression, options) => {
  const spec = expression as { input?: unknown } | null;
  if (typeof spec !== 'object' || spec === null || !('input' in spec))
    return $map(document as never, expression as never, options);
  const input = evalExpr(document, spec.input as never, options);
  if (Array.isArray(input)) chargeArray('$map', input.length, computedElementBytes);
  // The input is evaluated once: mingo gets it back as a literal.
  return $map(document as never, { ...spec, input: { $literal: input } } as never, options);
};

/** Array-building expression operators the engine puts in mingo's place. */
export const boundedArrayExpressionOperators: Record<string, ExpressionOperator> = Object.fromEntries(
  Object.entries({ $range: boundedRange, $concatArrays: boundedConcatArrays, $map: boundedMap }).map(
    ([name, operator]) => [
      name,
      ((document, expression, options) =>
        measureExpression(() => operator(document, expression, options))) satisfies ExpressionOperator,
    ],
  ),
);

import { Aggregator } from 'mingo/aggregator';
import { Context } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query } from 'mingo/query';
import type { Document } from 'bson';
import { isPlainDocument } from '../../bson/bson-values.js';
import { withDeadlineChecks, withPerDocumentChecks } from '../checked-operators.js';
import { equalityQueryOperators } from '../equality-operators.js';
import { boundedArrayExpressionOperators } from '../memory/bounded-array-operators.js';
import { boundedAccumulatorOperators, boundedPipelineOperators } from '../memory/bounded-group.js';
import { boundedResultExpressionOperators } from '../memory/bounded-result-operators.js';
import {
  refusedJavascriptAccumulators,
  refusedJavascriptExpressionOperators,
  refusedJavascriptQueryOperators,
} from '../server-side-js.js';
import { linearRegexExpressionOperators, linearRegexOperator, linearRegexQueryOperators } from './regex-operators.js';

/**
 * mingo with every regular expression matched by RE2 (linear time) instead of JS RegExp
 * (backtracking), array-building operators sized before they allocate, and the command's
 * deadline checked in every expression and stage: the one place the engine builds mingo queries
 * and pipelines.
 */
const context = Context.init({
  accumulator: { ...accumulatorOperators, ...boundedAccumulatorOperators, ...refusedJavascriptAccumulators },
  expression: withDeadlineChecks({
    ...expressionOperators,
    ...linearRegexExpressionOperators,
    ...boundedArrayExpressionOperators,
    ...boundedResultExpressionOperators,
    ...refusedJavascriptExpressionOperators,
  }),
  pipeline: withPerDocumentChecks({ ...pipelineOperators, ...boundedPipelineOperators }),
  projection: projectionOperators,
  query: {
    ...queryOperators,
    ...equalityQueryOperators,
    ...linearRegexQueryOperators,
    ...refusedJavascriptQueryOperators,
  },
  window: windowOperators,
} as never);

export function createQuery(filter: Document): Query {
  return new Query(toLinearRegex(filter) as Document, { context } as never);
}

export function createAggregator(
  pipeline: Document[],
  options: { collectionResolver: (name: string) => Document[] },
): Aggregator {
  return new Aggregator(toLinearRegex(pipeline) as Document[], { ...options, context } as never);
}

/**
 * Rewrites `{ $regex, $options }` conditions anywhere in a filter or pipeline to the RE2
 * operator, before mingo would turn them into a JS RegExp.
 */
export function toLinearRegex(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toLinearRegex);
  if (!isPlainDocument(value)) return value;
  const out: Document = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === '$options' && '$regex' in value) continue;
    if (key === '$regex') out[linearRegexOperator] = { pattern: inner, options: value['$options'] };
    else out[key] = toLinearRegex(inner);
  }
  return out;
}

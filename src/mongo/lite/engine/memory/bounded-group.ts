import { Lazy } from 'mingo/lazy';
import { $addToSet, $push } from 'mingo/operators/accumulator';
import { $group } from 'mingo/operators/pipeline';
import { ErrorCode, MongoCommandError } from '../mongo-command-error.js';
import { currentScope } from '../request-scope.js';
import { approximateSize } from './approximate-size.js';
import { maxRequestBytes } from './expression-memory.js';

/** mongod's limits: internalQueryMaxPushBytes, internalQueryMaxAddToSetBytes, and $group's 100 MB. */
export const maxAccumulatorBytes = 100 * 1024 * 1024;
export const maxGroupBytes = 100 * 1024 * 1024;

type Accumulator = (collection: unknown[], expression: unknown, options: never) => unknown;
type PipelineOperator = (collection: never, expression: unknown, options: never) => { collect(): unknown[] };

/** The bytes the `$group` stage being computed holds in its array accumulators. */
let groupBytes: number | undefined;

function measured(name: string, accumulator: Accumulator): Accumulator {
  return (collection, expression, options) => {
    const result = accumulator(collection, expression, options);
    const bytes = approximateSize(result, maxAccumulatorBytes);
    if (bytes >= maxAccumulatorBytes) {
      throw new MongoCommandError(
        ErrorCode.ExceededMemoryLimit,
        `${name} used too much memory and cannot spill to disk. Memory limit: ${maxAccumulatorBytes} bytes`,
      );
    }
    if (groupBytes !== undefined) chargeGroup(bytes);
    return result;
  };
}

/**
 * A `$group` over its limit: with `allowDiskUse: false` mongod's QueryExceededMemoryLimitNoDiskUseAllowed;
 * otherwise mongod would spill to disk, which the engine cannot, so it allows more (its request
 * budget) and then refuses plainly rather than exhaust the heap.
 */
function chargeGroup(bytes: number): void {
  groupBytes = (groupBytes ?? 0) + bytes;
  if (!currentScope().allowDiskUse && groupBytes > maxGroupBytes) {
    throw new MongoCommandError(
      ErrorCode.QueryExceededMemoryLimitNoDiskUseAllowed,
      "Exceeded memory limit for $group, but didn't allow external sort. Pass allowDiskUse:true to opt in.",
    );
  }
  if (groupBytes > maxRequestBytes) {
    throw new MongoCommandError(
      ErrorCode.ExceededMemoryLimit,
      `$group used too much memory (over ${maxRequestBytes} bytes) and rtlab's embedded MongoDB engine cannot spill to disk; group into fewer or smaller arrays, or use a real MongoDB (MONGO_URL) for this aggregation`,
    );
  }
}

export const boundedAccumulatorOperators: Record<string, Accumulator> = {
  $push: measured('$push', $push as Accumulator),
  $addToSet: measured('$addToSet', $addToSet as Accumulator),
};

/** `$group` computed whole with its own memory count (a nested `$group`, as in `$lookup`, has its own). */
const boundedGroup: PipelineOperator = (collection, expression, options) => {
  const results = (): unknown[] => {
    const outer = groupBytes;
    groupBytes = 0;
    try {
      return ($group as unknown as PipelineOperator)(collection, expression, options).collect();
    } finally {
      groupBytes = outer;
    }
  };
  let output: Iterator<unknown> | undefined;
  return Lazy(() => (output ??= results()[Symbol.iterator]()).next() as never) as never;
};

export const boundedPipelineOperators: Record<string, PipelineOperator> = { $group: boundedGroup };

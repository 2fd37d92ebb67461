import { ErrorCode, MongoCommandError } from '../mongo-command-error.js';
import { currentScope } from '../request-scope.js';

/**
 * mongod's bound on one `$range` result (its internalQueryMaxRangeBytes default, 100 MiB),
 * estimated as mongod does: 24 bytes for the array plus 16 per element.
 */
export const maxRangeBytes = 100 * 1024 * 1024;
export const arrayBytes = 24;
export const elementBytes = 16;

/**
 * mongod has no bound beyond one `$range`, but a V8 that runs out of memory ends the whole
 * engine (a fatal "invalid size" or heap exhaustion), so the engine bounds two more totals:
 * - the arrays one outermost array operator builds with everything nested in it (`$range`
 *   inside `$map`, `$map` inside `$map`, one `$concatArrays` of a doubling `$reduce`);
 * - the arrays one request builds across all its documents (an aggregate's run, one filter
 *   test), which its results may all keep alive until the reply.
 * Both sit well under the default V8 heap (about 4 GiB here) at the estimated sizes.
 */
export const maxExpressionBytes = 2 * maxRangeBytes;
export const maxRequestBytes = 5 * maxRangeBytes;

/**
 * Runs one filter test with a request total of its own: what a test builds is garbage once it
 * answers, unlike a pipeline's results, which the reply keeps alive.
 */
export function withExpressionMemory<T>(work: () => T): T {
  const memory = currentScope().memory;
  const saved = memory.requestBytes;
  memory.requestBytes = 0;
  try {
    return work();
  } finally {
    memory.requestBytes = saved;
  }
}

/** Runs one array operator: the outermost one starts a fresh expression budget. */
export function measureExpression<T>(work: () => T): T {
  const memory = currentScope().memory;
  if (memory.expressionDepth === 0) memory.expressionBytes = 0;
  memory.expressionDepth++;
  try {
    return work();
  } finally {
    memory.expressionDepth--;
  }
}

/**
 * Counts an array of `elements` about to be built against both budgets; refuses it with
 * mongod's ExceededMemoryLimit before any memory is taken.
 */
export function chargeArray(operator: string, elements: number, bytesPerElement = elementBytes): void {
  const memory = currentScope().memory;
  const bytes = arrayBytes + elements * bytesPerElement;
  memory.expressionBytes += bytes;
  if (memory.countsRequest) memory.requestBytes += bytes;
  const { expressionBytes, requestBytes } = memory;
  const [spent, limit, scope] =
    expressionBytes > maxExpressionBytes
      ? [expressionBytes, maxExpressionBytes, 'one expression']
      : [requestBytes, maxRequestBytes, 'this request'];
  if (spent > limit) {
    throw new MongoCommandError(
      ErrorCode.ExceededMemoryLimit,
      `${operator} would take the arrays built by ${scope} to ${spent} bytes; rtlab's embedded MongoDB engine refuses more than ${limit} bytes of them. Build smaller arrays (fewer elements per $range, $map or $concatArrays, or fewer documents per request).`,
    );
  }
}

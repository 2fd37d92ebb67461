import { ErrorCode, MongoCommandError } from '../mongo-command-error.js';

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

let requestBytes = 0;
let isInRequest = false;
let expressionBytes = 0;
let expressionDepth = 0;

/** Runs `work` as one request with a fresh budget; a request inside another shares it. */
export function withExpressionMemory<T>(work: () => T): T {
  if (isInRequest) return work();
  requestBytes = 0;
  isInRequest = true;
  try {
    return work();
  } finally {
    isInRequest = false;
  }
}

/** Runs one array operator: the outermost one starts a fresh expression budget. */
export function measureExpression<T>(work: () => T): T {
  if (expressionDepth === 0) expressionBytes = 0;
  expressionDepth++;
  try {
    return work();
  } finally {
    expressionDepth--;
  }
}

/**
 * Counts an array of `elements` about to be built against both budgets; refuses it with
 * mongod's ExceededMemoryLimit before any memory is taken.
 */
export function chargeArray(operator: string, elements: number, bytesPerElement = elementBytes): void {
  const bytes = arrayBytes + elements * bytesPerElement;
  expressionBytes += bytes;
  if (isInRequest) requestBytes += bytes;
  const [spent, limit, scope] = expressionBytes > maxExpressionBytes ? [expressionBytes, maxExpressionBytes, 'one expression'] : [requestBytes, maxRequestBytes, 'this request'];
  if (spent > limit) {
    throw new MongoCommandError(
      ErrorCode.ExceededMemoryLimit,
      `${operator} would take the arrays built by ${scope} to ${spent} bytes; rtlab's embedded MongoDB engine refuses more than ${limit} bytes of them. Build smaller arrays (fewer elements per $range, $map or $concatArrays, or fewer documents per request).`,
    );
  }
}

import { ErrorCode, MongoCommandError } from '../mongo-command-error.js';

/**
 * mongod's bound on one `$range` result (its internalQueryMaxRangeBytes default, 100 MiB),
 * estimated as mongod does: 24 bytes for the array plus 16 per element.
 */
export const maxRangeBytes = 100 * 1024 * 1024;
export const arrayBytes = 24;
export const elementBytes = 16;

/**
 * Bound on the arrays that expressions build during one evaluation scope (an aggregate's run,
 * one filter test). mongod has no such total, but its arrays cost 16 bytes where V8 may die
 * outright (a fatal "invalid size" or heap exhaustion, which ends the whole engine): a `$range`
 * inside `$map`, or `$concatArrays` doubling in `$reduce`, each within bounds, must still be
 * refused before the process runs out of memory.
 */
export const maxScopeBytes = 2 * maxRangeBytes;

let spentBytes = 0;
let isInScope = false;

/** Runs `work` with a fresh budget; a scope opened inside another shares the outer budget. */
export function withExpressionMemory<T>(work: () => T): T {
  if (isInScope) return work();
  spentBytes = 0;
  isInScope = true;
  try {
    return work();
  } finally {
    isInScope = false;
  }
}

/**
 * Counts an array of `elements` about to be built against the scope's budget; refuses it with
 * mongod's ExceededMemoryLimit before any memory is taken.
 */
export function chargeArray(operator: string, elements: number, bytesPerElement = elementBytes): void {
  if (!isInScope) return;
  spentBytes += arrayBytes + elements * bytesPerElement;
  if (spentBytes > maxScopeBytes) {
    throw new MongoCommandError(
      ErrorCode.ExceededMemoryLimit,
      `${operator} would take the arrays built by this request's expressions past ${spentBytes} bytes; rtlab's embedded MongoDB engine refuses more than ${maxScopeBytes} bytes of them per request. Build smaller arrays (fewer elements per $range, $map or $concatArrays).`,
    );
  }
}

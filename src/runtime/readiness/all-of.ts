import type { ReadinessCheck } from './readiness-check.js';

/**
 * Ready when every check is. The caller's one deadline covers them all; a timeout names the
 * first check that was not ready.
 */
export function allOf(...checks: ReadinessCheck[]): ReadinessCheck {
  return {
    name: checks.map((check) => check.name).join(' and '),
    async probe(target, timeoutMs) {
      // In order: a log line that says "listening" comes before asking the port.
      for (const check of checks) {
        const result = await check.probe(target, timeoutMs);
        if (!result.ready) return result;
      }
      return { ready: true };
    },
  };
}

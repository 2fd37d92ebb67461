import { Tally } from '../evidence/tally.js';
import { describe, findMismatch } from '../match/match-subset.js';
import type { LogExpectation } from '../schema/expectation-schema.js';
import type { ArmContext, ArmedExpectation } from './expectation-outcome.js';

/** Subscribes to the service's log before the action; lines stamped since the step began count. */
export function watchLog(expected: LogExpectation, context: ArmContext): ArmedExpectation {
  const tally = new Tally(expected);
  const pattern = expected.regex === undefined ? undefined : new RegExp(expected.regex);
  const unsubscribe = context.lab.logs.subscribe(expected.service, context.stepStartedAt, ({ entry, atEpochMs }) => {
    const text = entry.message;
    if (expected.match !== undefined && !text.includes(expected.match)) return;
    if (pattern !== undefined && !pattern.test(text)) return;
    if (expected.meta !== undefined && findMismatch(expected.meta, entry.meta) !== undefined) return;
    tally.push({ atMs: atEpochMs - context.runStartedAt, value: { message: entry.message, ...entry.meta } });
  });
  const what = expected.match === undefined ? `/${expected.regex}/` : JSON.stringify(expected.match);
  const summary = `log ${expected.service} ${what}${expected.meta === undefined ? '' : ` ${describe(expected.meta)}`}`;
  return {
    settle: async ({ actionEndedAt, stepDeadline, signal }) => {
      const verdict = await tally.decide(Math.min(actionEndedAt + tally.windowMs(), stepDeadline), signal);
      return {
        kind: 'log',
        ok: verdict.ok,
        summary,
        expected: `${verdict.expected} line(s) ${what} in ${expected.service}`,
        received: `${verdict.received} matching line(s)`,
        evidence: verdict.evidence,
        service: expected.service,
      };
    },
    close: async () => void unsubscribe(),
  };
}

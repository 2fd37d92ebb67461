import { Tally } from '../evidence/tally.js';
import { describe, findMismatch } from '../match/match-subset.js';
import type { LogExpectation } from '../schema/expectation-schema.js';
import type { ArmContext, ArmedExpectation } from './expectation-outcome.js';

/**
 * Subscribes to the service's log before the action; lines stamped since the step began count.
 * Which lines match is decided once the action has run, so `meta` may name its result
 * (`{ messageId: "{{steps.<this step>.ack.messageId}}" }`).
 */
export function watchLog(armedWith: LogExpectation, context: ArmContext): ArmedExpectation {
  const tally = new Tally(armedWith);
  const unsubscribe = context.lab.logs.subscribe(armedWith.service, context.stepStartedAt, ({ entry, atEpochMs }) =>
    tally.push({ atMs: atEpochMs - context.runStartedAt, value: { message: entry.message, ...entry.meta } }),
  );
  return {
    settle: async ({ expectation, actionEndedAt, stepDeadline, signal }) => {
      const expected = (expectation.log ?? armedWith) as LogExpectation;
      const failIf = expected.failIf;
      tally.countOnly(toLineTest(expected), failIf === undefined ? undefined : toLineTest(failIf));
      const what = expected.match === undefined ? `/${expected.regex}/` : JSON.stringify(expected.match);
      const verdict = await tally.decide(Math.min(actionEndedAt + tally.windowMs(), stepDeadline), signal);
      return {
        kind: 'log',
        ok: verdict.ok,
        summary: `log ${expected.service} ${what}${expected.meta === undefined ? '' : ` ${describe(expected.meta)}`}`,
        expected: `${verdict.expected}: line(s) ${what} in ${expected.service}`,
        received: `${verdict.received} matching line(s)${verdict.note === undefined ? '' : `; ${verdict.note}`}`,
        evidence: verdict.evidence,
        service: expected.service,
      };
    },
    close: async () => void unsubscribe(),
  };
}

/** Whether a line (its message and metadata) has the text, matches the expression and carries the metadata subset. */
function toLineTest(wanted: { match?: string; regex?: string; meta?: Record<string, unknown> }) {
  const pattern = wanted.regex === undefined ? undefined : new RegExp(wanted.regex);
  return (value: unknown) => {
    const { message, ...meta } = value as { message: string };
    if (wanted.match !== undefined && !message.includes(wanted.match)) return false;
    if (pattern !== undefined && !pattern.test(message)) return false;
    return wanted.meta === undefined || findMismatch(wanted.meta, meta) === undefined;
  };
}

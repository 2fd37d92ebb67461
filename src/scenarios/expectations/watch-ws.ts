import { connectWsNamespace } from '../../services/ws/client/connect-ws-namespace.js';
import { wsServerUrl } from '../actions/run-ws.js';
import { Tally } from '../evidence/tally.js';
import { describe, findMismatch } from '../match/match-subset.js';
import type { WsExpectation } from '../schema/expectation-schema.js';
import type { ArmContext, ArmedExpectation } from './expectation-outcome.js';

/**
 * A Socket.IO client on the namespace, connected with the lab's token before the action runs,
 * counting the named event (those matching `match`) as the server pushes them.
 */
export async function watchWs(expected: WsExpectation, context: ArmContext): Promise<ArmedExpectation> {
  const tally = new Tally(expected);
  const socket = await connectWsNamespace({
    url: wsServerUrl(context.lab),
    namespace: expected.namespace,
    token: context.lab.wsToken,
    timeoutMs: Math.min(context.timeoutMs, 5000),
    ownConnection: true,
    listen: (client) =>
      client.on(expected.event, (payload: unknown) => {
        if (expected.match !== undefined && findMismatch(expected.match, payload) !== undefined) return;
        tally.push({ atMs: Date.now() - context.runStartedAt, value: payload });
      }),
  });
  const summary = `ws ${expected.namespace} ${expected.event}${expected.match === undefined ? '' : ` ${describe(expected.match)}`}`;
  return {
    settle: async ({ actionEndedAt, stepDeadline, signal }) => {
      const verdict = await tally.decide(Math.min(actionEndedAt + tally.windowMs(), stepDeadline), signal);
      return {
        kind: 'ws',
        ok: verdict.ok,
        summary,
        expected: `${verdict.expected} ${expected.event} event(s) on ${expected.namespace}`,
        received: `${verdict.received} matching event(s)`,
        evidence: verdict.evidence,
        service: 'ws-server',
      };
    },
    close: async () => void socket.close(),
  };
}

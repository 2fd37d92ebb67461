import { connectWsNamespace } from '../../services/ws/client/connect-ws-namespace.js';
import { wsServerUrl } from '../actions/run-ws.js';
import { Tally } from '../evidence/tally.js';
import { describe, findMismatch } from '../match/match-subset.js';
import type { WsExpectation } from '../schema/expectation-schema.js';
import type { ArmContext, ArmedExpectation } from './expectation-outcome.js';

/**
 * A Socket.IO client on the namespace, connected with the lab's token before the action runs,
 * receiving the named event as the server pushes it; which events match is decided once the
 * action has run, so `match` may name its result.
 */
export async function watchWs(armedWith: WsExpectation, context: ArmContext): Promise<ArmedExpectation> {
  const tally = new Tally(armedWith);
  const socket = await connectWsNamespace({
    url: wsServerUrl(context.lab),
    namespace: armedWith.namespace,
    token: context.lab.wsToken,
    timeoutMs: Math.min(context.timeoutMs, 5000),
    ownConnection: true,
    listen: (client) =>
      client.on(armedWith.event, (payload: unknown) =>
        tally.push({ atMs: Date.now() - context.runStartedAt, value: payload }),
      ),
  });
  return {
    settle: async ({ expectation, actionEndedAt, stepDeadline, signal }) => {
      const expected = (expectation.ws ?? armedWith) as WsExpectation;
      tally.countOnly((payload) => expected.match === undefined || findMismatch(expected.match, payload) === undefined);
      const verdict = await tally.decide(Math.min(actionEndedAt + tally.windowMs(), stepDeadline), signal);
      return {
        kind: 'ws',
        ok: verdict.ok,
        summary: `ws ${expected.namespace} ${expected.event}${expected.match === undefined ? '' : ` ${describe(expected.match)}`}`,
        expected: `${verdict.expected}: ${expected.event} event(s) on ${expected.namespace}`,
        received: `${verdict.received} matching event(s)`,
        evidence: verdict.evidence,
        service: 'ws-server',
      };
    },
    close: async () => void socket.close(),
  };
}

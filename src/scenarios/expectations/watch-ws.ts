import { setTimeout as sleep } from 'node:timers/promises';
import { connectWsNamespace } from '../../services/ws/client/connect-ws-namespace.js';
import { wsServerUrl } from '../actions/run-ws.js';
import { Tally } from '../evidence/tally.js';
import type { ScenarioLab } from '../lab/scenario-lab.js';
import { describe, findMismatch } from '../match/match-subset.js';
import type { WsExpectation } from '../schema/expectation-schema.js';
import type { ArmContext, ArmedExpectation } from './expectation-outcome.js';

type Socket = Awaited<ReturnType<typeof connectWsNamespace>>;

/** Between two attempts to reach a ws-server that is down (being restarted by the step). */
const reconnectDelayMs = 200;

/**
 * A Socket.IO client on the namespace, connected with the lab's token before the action runs,
 * receiving the named event as the server pushes it; which events match is decided once the
 * action has run, so `match` may name its result.
 *
 * On `/notifications` it behaves as the dashboard does: it names the last update it saw
 * (`auth.lastSeq`, from the stored notifications before its first connection) on every
 * handshake, so a ws-server that is down when the step begins, or restarted by it, replays what
 * it stored meanwhile: the queued notifications arrive, none missed, none twice.
 */
export async function watchWs(armedWith: WsExpectation, context: ArmContext): Promise<ArmedExpectation> {
  const tally = new Tally(armedWith);
  const push = (payload: unknown) => tally.push({ atMs: Date.now() - context.runStartedAt, value: payload });
  const resumable = armedWith.namespace === '/notifications';
  const client = resumable
    ? await followNotifications(armedWith.event, context, push)
    : await connectOnce(armedWith, context, push);
  return {
    settle: async ({ expectation, actionEndedAt, stepDeadline, signal }) => {
      const expected = (expectation.ws ?? armedWith) as WsExpectation;
      const { failIf } = expected;
      tally.countOnly(
        (payload) => expected.match === undefined || findMismatch(expected.match, payload) === undefined,
        failIf === undefined ? undefined : (payload) => findMismatch(failIf, payload) === undefined,
      );
      const verdict = await tally.decide(Math.min(actionEndedAt + tally.windowMs(), stepDeadline), signal);
      return {
        kind: 'ws',
        ok: verdict.ok,
        summary: `ws ${expected.namespace} ${expected.event}${expected.match === undefined ? '' : ` ${describe(expected.match)}`}`,
        expected: `${verdict.expected}: ${expected.event} event(s) on ${expected.namespace}`,
        received: `${verdict.received} matching event(s)${verdict.note === undefined ? '' : `; ${verdict.note}`}`,
        evidence: verdict.evidence,
        service: 'ws-server',
      };
    },
    close: async () => client.close(),
  };
}

async function connectOnce(
  armedWith: WsExpectation,
  context: ArmContext,
  push: (payload: unknown) => void,
): Promise<{ close(): void }> {
  return connectWsNamespace({
    url: wsServerUrl(context.lab),
    namespace: armedWith.namespace,
    token: context.lab.wsToken,
    timeoutMs: Math.min(context.timeoutMs, 5000),
    ownConnection: true,
    listen: (socket) => socket.on(armedWith.event, push),
  });
}

/**
 * A `/notifications` client that survives the ws-server going away: from the last position
 * stored, then from each update it receives, reconnecting until closed.
 */
async function followNotifications(
  event: string,
  context: ArmContext,
  push: (payload: unknown) => void,
): Promise<{ close(): void }> {
  let lastSeq = await readLastSeq(context.lab);
  const url = wsServerUrl(context.lab);
  let socket: Socket | undefined;
  let closed = false;
  const listen = (client: Socket) => {
    client.on('order:update', (update: { seq?: unknown }) => {
      if (typeof update.seq === 'number') lastSeq = Math.max(lastSeq, update.seq);
      if (event === 'order:update') push(update);
    });
    if (event !== 'order:update') client.on(event, push);
  };
  const connect = () =>
    connectWsNamespace({
      url,
      namespace: '/notifications',
      token: context.lab.wsToken,
      timeoutMs: Math.min(context.timeoutMs, 5000),
      ownConnection: true,
      reconnect: true,
      auth: () => ({ lastSeq }),
      listen,
    });
  try {
    socket = await connect();
  } catch {
    // Down as the step begins (it is the step's action that starts it): keep trying in the background.
    void (async () => {
      while (!closed && socket === undefined) {
        await sleep(reconnectDelayMs);
        if (closed) return;
        socket = await connect().catch(() => undefined);
        if (closed) socket?.close();
      }
    })();
  }
  return {
    close: () => {
      closed = true;
      socket?.close();
    },
  };
}

/** The position of the newest stored notification (0 when none is), where this client starts. */
async function readLastSeq(lab: ScenarioLab): Promise<number> {
  const [newest] = await lab.db
    .collection<{ seq?: number }>('notifications')
    .find({ seq: { $exists: true } })
    .sort({ seq: -1 })
    .limit(1)
    .project<{ seq: number }>({ seq: 1, _id: 0 })
    .toArray();
  return newest?.seq ?? 0;
}

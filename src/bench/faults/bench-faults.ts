import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectMongo } from '../../mongo/connect-mongo.js';
import { readEventOutcomes, type EventOutcome } from '../../mongo/read-event-outcomes.js';
import { webhooksReceiver } from '../../services/registry/webhooks-receiver.js';
import { wsServer } from '../../services/registry/ws-server.js';
import type { BenchReport } from '../bench-report.js';
import { countNotifications } from './count-notifications.js';
import { startRestartableProcess, type RestartableProcess } from './restartable-process.js';
import { runSteadyWebhookLoad } from './steady-webhook-load.js';
import { freeLoopbackPort } from '../../runtime/free-loopback-port.js';

export interface BenchFaultsOptions {
  readonly durationMs: number;
  readonly ratePerSecond: number;
  /** How long to wait, after the last event, for every acknowledged one to be handled and notified. */
  readonly drainMs?: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly onProgress?: (line: string) => void;
  /** Ctrl-C: the processes this benchmark started are killed rather than left running. */
  readonly signal?: AbortSignal;
}

/** A correctness benchmark: no ratio goals, every check must pass on any machine. */
export interface BenchFaultsResult extends BenchReport {
  readonly sent: number;
  readonly acknowledged: number;
  /** Refused for good by the receiver (should be 0: the load sends only valid events). */
  readonly refused: number;
  readonly stored: number;
  readonly handledExactlyOnce: number;
  readonly notified: number;
  /**
   * Stored by the ws-server but skipped by the client because it missed more than the server
   * replays and was told to reload (`notifications:reset`): the replay's documented bound, not a loss.
   */
  readonly skippedByReset: number;
  /** Notifications the connected client received more than once. */
  readonly duplicateNotifications: number;
  /** Acknowledged events not stored, not handled exactly once, or never notified. */
  readonly lost: number;
  /** Where each lost event stopped: its status, changes applied, outbox entry, stored notification, arrival. */
  readonly lostExamples: ReadonlyArray<{
    readonly eventId: string;
    readonly status: string;
    readonly applications: number;
    readonly outbox: string;
    readonly notificationStored: boolean;
    readonly notified: boolean;
  }>;
  readonly faults: ReadonlyArray<{
    readonly service: string;
    readonly killedAtMs: number;
    readonly restartedAtMs: number;
  }>;
}

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const internalToken = 'bench-internal-token-0123456789';
const wsToken = 'bench-ws-token-0123';

/**
 * Deliveries at a steady rate while the receiver, the ws-server and MongoDB are each killed
 * (SIGKILL) and started again, every one in a process of its own as in the lab; then counts what
 * became of every event the receiver acknowledged. The only acceptable number lost is 0.
 */
export async function benchFaults(options: BenchFaultsOptions): Promise<BenchFaultsResult> {
  const progress = options.onProgress ?? (() => undefined);
  const home = mkdtempSync(path.join(tmpdir(), 'rtlab-bench-faults-'));
  const ports = { mongo: await freeLoopbackPort(), ws: await freeLoopbackPort(), receiver: await freeLoopbackPort() };
  const mongoUrl = `mongodb://127.0.0.1:${ports.mongo}/?replicaSet=rs0`;
  const env = {
    ...options.env,
    RTLAB_HOME: path.join(home, '.rtlab'),
    MONGO_URL: mongoUrl,
    WEBHOOK_SECRET: secret,
    WS_INTERNAL_TOKEN: internalToken,
    WS_TOKEN: wsToken,
    WS_SERVER_URL: `http://127.0.0.1:${ports.ws}`,
    LOG_LEVEL: 'info',
    NO_COLOR: '1',
  };
  const processes: RestartableProcess[] = [];
  const spawnOptions = (ready: RegExp) => ({ cwd: home, env, ready, signal: options.signal });
  const killAll = () => void Promise.all(processes.map((process) => process.crash()));
  options.signal?.addEventListener('abort', killAll, { once: true });
  try {
    progress('Starting MongoDB, the ws-server and the receiver, each in its own process…');
    processes.push(
      await startRestartableProcess(
        'mongo',
        ['mongo', 'serve', '--port', String(ports.mongo), '--dbpath', path.join(home, 'data')],
        spawnOptions(/^mongodb:\/\//m),
      ),
    );
    processes.push(
      await startRestartableProcess(
        wsServer.name,
        ['serve', wsServer.name, '--port', String(ports.ws)],
        spawnOptions(/WebSocket server listening/),
      ),
    );
    processes.push(
      await startRestartableProcess(
        webhooksReceiver.name,
        ['serve', webhooksReceiver.name, '--port', String(ports.receiver)],
        spawnOptions(/Webhook receiver listening/),
      ),
    );
    const [mongo, ws, receiver] = processes as [RestartableProcess, RestartableProcess, RestartableProcess];
    const subscriber = await countNotifications({ url: `http://127.0.0.1:${ports.ws}`, token: wsToken });

    progress(
      `Delivering ${options.ratePerSecond} events/s for ${options.durationMs / 1000} s; each service is killed with SIGKILL once and restarted…`,
    );
    const started = Date.now();
    const faults: Array<{ service: string; killedAtMs: number; restartedAtMs: number }> = [];
    const injectFaults = async () => {
      // A slow restart must not make the next kill land the moment the lab is whole again.
      const gapMs = Math.max(1000, options.durationMs * 0.05);
      let backAt = started;
      for (const [target, at] of [
        [receiver, 0.2],
        [ws, 0.45],
        [mongo, 0.7],
      ] as const) {
        await sleep(
          Math.max(0, started + at * options.durationMs - Date.now(), backAt + gapMs - Date.now()),
          undefined,
          {
            signal: options.signal,
          },
        );
        const killedAtMs = Date.now() - started;
        await target.crash();
        progress(`  kill -9 ${target.name} at ${(killedAtMs / 1000).toFixed(1)} s`);
        await sleep(Math.max(500, options.durationMs * 0.05), undefined, { signal: options.signal });
        await target.restart();
        backAt = Date.now();
        faults.push({ service: target.name, killedAtMs, restartedAtMs: backAt - started });
        progress(`  ${target.name} back at ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    };
    const [load] = await Promise.all([
      runSteadyWebhookLoad({
        url: `http://127.0.0.1:${ports.receiver}/webhooks`,
        secret,
        ratePerSecond: options.ratePerSecond,
        durationMs: options.durationMs,
        prefix: `fault${started.toString(36)}`,
        retryForMs: 60_000,
        signal: options.signal,
      }),
      injectFaults(),
    ]);

    progress(
      `Waiting for every acknowledged event to be handled and notified (${load.acknowledged.size} acknowledged)…`,
    );
    const connection = await connectMongo({ url: mongoUrl, dbName: 'realtime_labs' });
    try {
      const events = [...load.acknowledged].map((eventId) => ({ eventId, orderId: eventId.replace(/^msg_/, 'ord_') }));
      const isSkipped = (outcome: EventOutcome | undefined) =>
        outcome?.notificationSeq !== undefined &&
        subscriber.skipped.some(
          (range) => outcome.notificationSeq! > range.after && outcome.notificationSeq! < range.before,
        );
      const isDone = (outcome: EventOutcome | undefined, eventId: string) =>
        outcome?.status === 'processed' &&
        outcome.applications === 1 &&
        outcome.notificationSeq !== undefined &&
        (subscriber.received.has(eventId) || isSkipped(outcome));
      const deadline = Date.now() + (options.drainMs ?? 60_000);
      let outcomes = await readEventOutcomes(connection.db, events);
      while (Date.now() < deadline && !events.every(({ eventId }) => isDone(outcomes.get(eventId), eventId))) {
        await sleep(500, undefined, { signal: options.signal });
        outcomes = await readEventOutcomes(connection.db, events);
      }
      await subscriber.close();
      const lost = events.filter(({ eventId }) => !isDone(outcomes.get(eventId), eventId));
      const count = (test: (outcome: EventOutcome) => boolean) => [...outcomes.values()].filter(test).length;
      return {
        comparisons: [],
        checks: [
          {
            name: 'nothing acknowledged is lost',
            passed: lost.length === 0,
            detail: `${lost.length} lost of ${load.acknowledged.size} acknowledged`,
          },
          {
            name: 'every event is acknowledged in the end',
            passed: load.acknowledged.size === load.sent.length,
            detail: `${load.acknowledged.size} of ${load.sent.length}`,
          },
          {
            name: 'no notification twice',
            passed: [...subscriber.received.values()].every((times) => times === 1),
            detail: `${[...subscriber.received.values()].filter((times) => times > 1).length} duplicates`,
          },
        ],
        sent: load.sent.length,
        acknowledged: load.acknowledged.size,
        refused: load.refused.size,
        stored: count((outcome) => outcome.status !== undefined),
        handledExactlyOnce: count((outcome) => outcome.status === 'processed' && outcome.applications === 1),
        notified: events.filter(({ eventId }) => subscriber.received.has(eventId)).length,
        skippedByReset: events.filter(
          ({ eventId }) => !subscriber.received.has(eventId) && isSkipped(outcomes.get(eventId)),
        ).length,
        duplicateNotifications: [...subscriber.received.values()].filter((times) => times > 1).length,
        lost: lost.length,
        lostExamples: lost.slice(0, 10).map(({ eventId }) => {
          const outcome = outcomes.get(eventId);
          return {
            eventId,
            status: outcome?.status ?? 'not stored',
            applications: outcome?.applications ?? 0,
            outbox: outcome?.outbox ?? 'none',
            notificationStored: outcome?.notificationSeq !== undefined,
            notified: subscriber.received.has(eventId),
          };
        }),
        faults,
      };
    } finally {
      await connection.close();
    }
  } finally {
    options.signal?.removeEventListener('abort', killAll);
    for (const process of processes.reverse()) await process.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

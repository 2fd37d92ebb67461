import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { compare, type BenchComparison } from '../format-bench-table.js';
import type { MeasureResult } from '../measure-loop.js';
import { createLoggerFactory } from '../../log/create-logger-factory.js';
import type { LabDb } from '../../mongo/connect-mongo.js';
import { countPendingOutbox } from '../../mongo/outbox-store.js';
import { countWebhookEvents } from '../../mongo/webhook-event-store.js';
import { startVerifyOnlyEndpoint } from './start-verify-only-endpoint.js';
import { startWebhookReceiver } from '../../services/webhooks/receiver/start-webhook-receiver.js';
import { buildSampleEvents } from '../../services/webhooks/sender/build-sample-events.js';
import { buildWebhookHeaders } from '../../services/webhooks/signing/sign-webhook.js';
import { startOutboxRelay } from '../../services/ws/start-outbox-relay.js';
import { spawnRtlab } from '../../runtime/spawn-rtlab.js';
import { benchDbName, openBenchDatabase } from '../open-bench-database.js';

export interface BenchWebhooksOptions {
  readonly durationMs: number;
  readonly connections: number;
  readonly logDir: string;
  /** Where the MongoDB child process runs, and its environment. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly onProgress?: (line: string) => void;
}

export interface BenchWebhooksResult {
  readonly comparison: BenchComparison;
  /** Events the receiver acknowledged with 2xx, and how many of them are in webhook_events. */
  readonly acknowledged: number;
  readonly stored: number;
  readonly errors: number;
  readonly targets: ReadonlyArray<{ readonly name: string; readonly met: boolean; readonly detail: string }>;
}

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const internalToken = 'bench-internal-token-0123456789';

/**
 * Signed `order.created` deliveries through the receiver's whole path (verify, persist, handle,
 * write the outbox, relay to the ws-server) against a route that only verifies the HMAC of the same payloads, in the same run.
 */
export async function benchWebhooks(options: BenchWebhooksOptions): Promise<BenchWebhooksResult> {
  const progress = options.onProgress ?? (() => undefined);
  const logs = createLoggerFactory({ logDir: options.logDir, level: 'warn', console: false });
  // MongoDB runs in its own process, as in the lab, rather than on this process's event loop.
  const database = await openBenchDatabase(options);
  // The real ws-server, in its own process as in the lab, stores and broadcasts what is published.
  const wsServer = await spawnRtlab(['serve', 'ws-server', '--port', '0'], {
    cwd: options.cwd,
    env: { ...options.env, MONGO_URL: database.uri, MONGO_DB: benchDbName, WS_INTERNAL_TOKEN: internalToken, LOG_LEVEL: 'info', NO_COLOR: '1' },
    ready: (output) => /WebSocket server listening on port (\d+)/.exec(output)?.[1],
  });
  const publisher = startOutboxRelay({ db: database.db, wsServerUrl: `http://127.0.0.1:${wsServer.value}`, internalToken, logger: logs.forService('bench') });
  const receiver = await startWebhookReceiver({ port: 0, host: '127.0.0.1', db: database.db, secrets: [secret], publisher, logger: logs.forService('webhooks-receiver') });
  const baseline = await startVerifyOnlyEndpoint(secret);
  try {
    const phaseMs = options.durationMs / 2;
    progress(`Measuring the verify-only baseline for ${phaseMs / 1000} s…`);
    const base = await load(baseline.url, phaseMs, options.connections, 'base');
    progress(`Measuring the whole receiver path for ${phaseMs / 1000} s…`);
    const whole = await load(receiver.url, phaseMs, options.connections, 'whole');
    const stored = await countWebhookEvents(database.db);
    const unsent = await waitForEmptyOutbox(database.db, 15_000);
    const comparison = compare('signed order.created', toMeasure('receiver', whole), toMeasure('verify-only', base));
    return {
      comparison,
      acknowledged: whole['2xx'],
      stored,
      errors: whole.errors + whole.non2xx,
      targets: [
        { name: 'whole path ≥ 0.8 × verify-only baseline', met: comparison.ratio >= 0.8, detail: `${comparison.ratio.toFixed(2)}×` },
        { name: 'every acknowledged event is stored', met: stored >= whole['2xx'], detail: `${stored} stored of ${whole['2xx']} acknowledged` },
        { name: 'every notification reaches the ws-server', met: unsent === 0, detail: `${unsent} still in the outbox 15 s after the load` },
      ],
    };
  } finally {
    await baseline.stop();
    await receiver.stop();
    await publisher.stop();
    await wsServer.stop();
    await database.close();
    logs.close();
  }
}

/** Waits for the relay to deliver the outbox; how many entries are still pending at the deadline. */
async function waitForEmptyOutbox(db: LabDb, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let pending = await countPendingOutbox(db);
  while (pending > 0 && Date.now() < deadline) {
    await sleep(100);
    pending = await countPendingOutbox(db);
  }
  return pending;
}

/** Runs autocannon with a freshly signed, unique event per request. */
function load(url: string, durationMs: number, connections: number, prefix: string): Promise<autocannon.Result> {
  let sequence = 0;
  const template = buildSampleEvents(1)[0]!;
  return autocannon({
    url,
    connections,
    duration: durationMs / 1000,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const n = sequence++;
          const body = JSON.stringify({ ...template, data: { ...template.data, orderId: `ord_${prefix}_${n}` } });
          const headers = buildWebhookHeaders({ id: `msg_${prefix}_${n}`, timestamp: Math.floor(Date.now() / 1000), body, secret });
          return { ...request, body, headers: { 'content-type': 'application/json', ...headers } };
        },
      },
    ],
  });
}

function toMeasure(name: string, result: autocannon.Result): MeasureResult {
  return { name, operations: result['2xx'], opsPerSecond: result['2xx'] / result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99, maxMs: result.latency.max };
}

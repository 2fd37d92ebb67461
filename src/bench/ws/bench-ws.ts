import { createHistogram, performance, type RecordableHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLoggerFactory } from '../../log/create-logger-factory.js';
import type { OrderUpdate } from '../../lab-events.js';
import { connectWsNamespace } from '../../services/ws/client/connect-ws-namespace.js';
import { wsServer } from '../../services/registry/ws-server.js';
import { startWsServer } from '../../services/ws/server/start-ws-server.js';
import { startOrderUpdatePublisher } from '../../services/ws/start-order-update-publisher.js';
import { toComparison } from '../bench-comparison.js';
import type { BenchReport } from '../bench-report.js';
import { openBenchDatabase } from '../open-bench-database.js';
import { startRawBroadcastServer } from './start-raw-broadcast-server.js';

type Socket = Awaited<ReturnType<typeof connectWsNamespace>>;

export interface BenchWsOptions {
  readonly clients: number;
  /** Notifications per second in the paced phase. */
  readonly rate: number;
  readonly durationMs: number;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logDir: string;
  readonly onProgress?: (line: string) => void;
  /** Ctrl-C: the run stops between phases, and what it started is stopped. */
  readonly signal?: AbortSignal;
}

export interface WsPhaseResult {
  readonly published: number;
  readonly expected: number;
  readonly received: number;
  readonly lost: number;
  readonly deliveriesPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface BenchWsResult extends BenchReport {
  readonly clients: number;
  readonly rounds: number;
  readonly paced: { readonly lab: WsPhaseResult; readonly raw: WsPhaseResult };
  readonly flatOut: { readonly lab: WsPhaseResult; readonly raw: WsPhaseResult };
}

const token = 'bench-client-token';
const internalToken = 'bench-internal-token-0123456789';

/**
 * Clients on `/notifications`, notifications published through `/internal` (stored, then
 * broadcast), against a raw Socket.IO broadcast to the same number of clients, in alternating
 * rounds: paced at a fixed rate for latency (the lab's p99 against the raw one's at the same
 * pace), then flat out for throughput.
 */
export async function benchWs(options: BenchWsOptions): Promise<BenchWsResult> {
  const progress = options.onProgress ?? (() => undefined);
  const logs = createLoggerFactory({ logDir: options.logDir, level: 'warn', console: false });
  progress('Starting MongoDB in a process of its own…');
  const database = await openBenchDatabase(options);
  const server = await startWsServer({
    port: 0,
    host: '127.0.0.1',
    db: database.db,
    logger: logs.forService(wsServer.name),
    acceptToken: (given) => given === token,
    internalToken,
  });
  const raw = await startRawBroadcastServer();
  const publisher = startOrderUpdatePublisher({
    wsServerUrl: server.url,
    internalToken,
    logger: logs.forService('bench'),
    maxQueued: 1_000_000,
  });
  const sockets: Socket[] = [];
  try {
    progress(`Connecting ${options.clients} clients to /notifications and to the raw server…`);
    const lab = await connectClients(
      options.clients,
      () =>
        connectWsNamespace({
          url: server.url,
          namespace: '/notifications',
          token,
          ownConnection: true,
          timeoutMs: 10_000,
        }),
      sockets,
    );
    const rawClients = await connectClients(
      options.clients,
      () => connectWsNamespace({ url: raw.url, namespace: '/raw', token: '', ownConnection: true, timeoutMs: 10_000 }),
      sockets,
    );
    const phaseMs = options.durationMs / (4 * rounds);
    let sequence = 0;
    const labPublish = () => {
      const update = nextUpdate(sequence++);
      lab.sent.set(update.eventId, performance.now());
      publisher.publish(update);
    };
    const rawPublish = () => {
      const update = nextUpdate(sequence++);
      rawClients.sent.set(update.eventId, performance.now());
      raw.broadcast('order:update', update);
    };
    const paced = { lab: newTally(), raw: newTally() };
    const flatOut = { lab: newTally(), raw: newTally() };
    for (let round = 0; round < rounds; round++) {
      options.signal?.throwIfAborted();
      // Alternating rounds, each side first in turn: a burst of load elsewhere on the machine hits both.
      const order = round % 2 === 0 ? (['raw', 'lab'] as const) : (['lab', 'raw'] as const);
      progress(`Round ${round + 1}/${rounds}, paced: ${options.rate} notifications/s to ${options.clients} clients…`);
      for (const side of order) {
        if (side === 'lab') await runPhase(lab, paced.lab, options.clients, phaseMs, options.rate, labPublish);
        else await runPhase(rawClients, paced.raw, options.clients, phaseMs, options.rate, rawPublish);
      }
      options.signal?.throwIfAborted();
      progress(`Round ${round + 1}/${rounds}, flat out…`);
      for (const side of order) {
        if (side === 'lab')
          await runPhase(
            lab,
            flatOut.lab,
            options.clients,
            phaseMs,
            undefined,
            labPublish,
            () => publisher.pending < 50,
          );
        else await runPhase(rawClients, flatOut.raw, options.clients, phaseMs, undefined, rawPublish);
      }
    }
    const result = {
      paced: { lab: toPhaseResult(paced.lab), raw: toPhaseResult(paced.raw) },
      flatOut: { lab: toPhaseResult(flatOut.lab), raw: toPhaseResult(flatOut.raw) },
    };
    return {
      comparisons: [
        toComparison(
          `paced at ${options.rate}/s: p99 lab ÷ raw broadcast, ms`,
          result.paced.lab.p99Ms,
          result.paced.raw.p99Ms,
          { atMost: 1.5 },
        ),
        toComparison(
          'flat out: lab ÷ raw broadcast, deliveries/s',
          result.flatOut.lab.deliveriesPerSecond,
          result.flatOut.raw.deliveriesPerSecond,
          { atLeast: 0.8 },
        ),
      ],
      checks: [
        {
          name: 'paced: nothing lost',
          passed: result.paced.lab.lost === 0,
          detail: `${result.paced.lab.lost} lost of ${result.paced.lab.expected}`,
        },
      ],
      clients: options.clients,
      rounds,
      ...result,
    };
  } finally {
    for (const socket of sockets) socket.close();
    await publisher.stop();
    await server.stop();
    await raw.stop();
    await database.close();
    logs.close();
  }
}

/** Clients of one server, and when each notification sent to them was published. */
interface ClientGroup {
  readonly sent: Map<string, number>;
  /** Where arrivals are counted: the tally of the phase under way. */
  tally: PhaseTally;
}

/** One side's phases of one kind, added up across rounds. */
interface PhaseTally {
  readonly histogram: RecordableHistogram;
  published: number;
  expected: number;
  received: number;
  seconds: number;
}

const rounds = 2;

function newTally(): PhaseTally {
  return { histogram: createHistogram(), published: 0, expected: 0, received: 0, seconds: 0 };
}

function toPhaseResult(tally: PhaseTally): WsPhaseResult {
  const measured = tally.received > 0;
  return {
    published: tally.published,
    expected: tally.expected,
    received: tally.received,
    lost: tally.expected - tally.received,
    deliveriesPerSecond: tally.seconds > 0 ? tally.received / tally.seconds : 0,
    p50Ms: measured ? tally.histogram.percentile(50) / 1000 : 0,
    p99Ms: measured ? tally.histogram.percentile(99) / 1000 : 0,
  };
}

async function connectClients(count: number, connect: () => Promise<Socket>, all: Socket[]): Promise<ClientGroup> {
  const group: ClientGroup = { sent: new Map(), tally: newTally() };
  for (let i = 0; i < count; i += 20) {
    const batch = await Promise.all(Array.from({ length: Math.min(20, count - i) }, connect));
    for (const socket of batch) {
      all.push(socket);
      socket.on('order:update', (update: OrderUpdate) => {
        const sentAt = group.sent.get(update.eventId);
        if (sentAt === undefined) return;
        group.tally.histogram.record(Math.max(1, Math.round((performance.now() - sentAt) * 1000)));
        group.tally.received++;
      });
    }
  }
  return group;
}

/** Publishes for `durationMs` (at `rate`/s, or as fast as `ready` allows), then waits for stragglers; adds it all to `tally`. */
async function runPhase(
  group: ClientGroup,
  tally: PhaseTally,
  clients: number,
  durationMs: number,
  rate: number | undefined,
  publish: () => void,
  ready: () => boolean = () => true,
): Promise<void> {
  group.sent.clear();
  group.tally = tally;
  const receivedBefore = tally.received;
  const started = performance.now();
  let published = 0;
  while (performance.now() - started < durationMs) {
    if (rate !== undefined) {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      while (published < due) {
        publish();
        published++;
      }
      await sleep(2);
    } else if (ready()) {
      for (let i = 0; i < 10; i++) publish();
      published += 10;
      await new Promise((resolve) => setImmediate(resolve));
    } else {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const expected = published * clients;
  const deadline = performance.now() + 10_000;
  while (tally.received - receivedBefore < expected && performance.now() < deadline) await sleep(20);
  tally.published += published;
  tally.expected += expected;
  tally.seconds += (performance.now() - started) / 1000;
}

function nextUpdate(n: number): OrderUpdate {
  return {
    orderId: `ord_bench_${n}`,
    status: 'paid',
    source: 'grpc',
    eventId: `bench_${n}`,
    at: new Date().toISOString(),
  };
}

import { createHistogram, performance, type RecordableHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLoggerFactory } from '../../log/create-logger-factory.js';
import type { OrderUpdate } from '../../mongo/lab-documents.js';
import { startRawBroadcastServer } from './start-raw-broadcast-server.js';
import { connectWsNamespace } from '../../services/ws/client/connect-ws-namespace.js';
import { startWsServer } from '../../services/ws/server/start-ws-server.js';
import { startOrderUpdatePublisher } from '../../services/ws/start-order-update-publisher.js';
import { openBenchDatabase } from '../open-bench-database.js';

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

export interface BenchWsResult {
  readonly clients: number;
  readonly paced: { readonly lab: WsPhaseResult; readonly raw: WsPhaseResult };
  readonly flatOut: { readonly lab: WsPhaseResult; readonly raw: WsPhaseResult; readonly ratio: number };
  readonly targets: ReadonlyArray<{ readonly name: string; readonly met: boolean; readonly detail: string }>;
}

const token = 'bench-client-token';
const internalToken = 'bench-internal-token-0123456789';

/**
 * Clients on `/notifications`, notifications published through `/internal` (stored, then
 * broadcast), against a raw Socket.IO broadcast to the same number of clients: paced at a fixed
 * rate for latency, then flat out for throughput.
 */
export async function benchWs(options: BenchWsOptions): Promise<BenchWsResult> {
  const progress = options.onProgress ?? (() => undefined);
  const logs = createLoggerFactory({ logDir: options.logDir, level: 'warn', console: false });
  const database = await openBenchDatabase(options);
  const server = await startWsServer({ port: 0, host: '127.0.0.1', db: database.db, logger: logs.forService('ws-server'), acceptToken: (given) => given === token, internalToken });
  const raw = await startRawBroadcastServer();
  const publisher = startOrderUpdatePublisher({ wsServerUrl: server.url, internalToken, logger: logs.forService('bench'), maxQueued: 1_000_000 });
  const sockets: Socket[] = [];
  try {
    progress(`Connecting ${options.clients} clients to /notifications and to the raw server…`);
    const lab = await connectClients(options.clients, () => connectWsNamespace({ url: server.url, namespace: '/notifications', token, ownConnection: true, timeoutMs: 10_000 }), sockets);
    const rawClients = await connectClients(options.clients, () => connectWsNamespace({ url: raw.url, namespace: '/raw', token: '', ownConnection: true, timeoutMs: 10_000 }), sockets);
    const phaseMs = options.durationMs / 4;
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
    progress(`Paced: ${options.rate} notifications/s to ${options.clients} clients…`);
    const pacedLab = await runPhase(lab, options.clients, phaseMs, options.rate, labPublish);
    const pacedRaw = await runPhase(rawClients, options.clients, phaseMs, options.rate, rawPublish);
    progress('Flat out…');
    const flatLab = await runPhase(lab, options.clients, phaseMs, undefined, labPublish, () => publisher.pending < 50);
    const flatRaw = await runPhase(rawClients, options.clients, phaseMs, undefined, rawPublish, () => true);
    const ratio = flatLab.deliveriesPerSecond / flatRaw.deliveriesPerSecond;
    return {
      clients: options.clients,
      paced: { lab: pacedLab, raw: pacedRaw },
      flatOut: { lab: flatLab, raw: flatRaw, ratio },
      targets: [
        { name: `paced at ${options.rate}/s: p99 ≤ 25 ms`, met: pacedLab.p99Ms <= 25, detail: `${pacedLab.p99Ms.toFixed(1)} ms` },
        { name: 'paced: nothing lost', met: pacedLab.lost === 0, detail: `${pacedLab.lost} lost of ${pacedLab.expected}` },
        { name: 'flat out ≥ 0.8 × raw broadcast deliveries/s', met: ratio >= 0.8, detail: `${ratio.toFixed(2)}×` },
      ],
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

interface ClientGroup {
  readonly sent: Map<string, number>;
  histogram: RecordableHistogram;
  received: number;
}

async function connectClients(count: number, connect: () => Promise<Socket>, all: Socket[]): Promise<ClientGroup> {
  const group: ClientGroup = { sent: new Map(), histogram: createHistogram(), received: 0 };
  for (let i = 0; i < count; i += 20) {
    const batch = await Promise.all(Array.from({ length: Math.min(20, count - i) }, connect));
    for (const socket of batch) {
      all.push(socket);
      socket.on('order:update', (update: OrderUpdate) => {
        const sentAt = group.sent.get(update.eventId);
        if (sentAt === undefined) return;
        group.histogram.record(Math.max(1, Math.round((performance.now() - sentAt) * 1000)));
        group.received++;
      });
    }
  }
  return group;
}

/** Publishes for `durationMs` (at `rate`/s, or as fast as `ready` allows), then waits for stragglers. */
async function runPhase(group: ClientGroup, clients: number, durationMs: number, rate: number | undefined, publish: () => void, ready: () => boolean = () => true): Promise<WsPhaseResult> {
  group.sent.clear();
  group.histogram = createHistogram();
  group.received = 0;
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
  while (group.received < expected && performance.now() < deadline) await sleep(20);
  const elapsedS = (performance.now() - started) / 1000;
  return {
    published,
    expected,
    received: group.received,
    lost: expected - group.received,
    deliveriesPerSecond: group.received / elapsedS,
    p50Ms: group.histogram.percentile(50) / 1000,
    p99Ms: group.histogram.percentile(99) / 1000,
  };
}

function nextUpdate(n: number): OrderUpdate {
  return { orderId: `ord_bench_${n}`, status: 'paid', source: 'grpc', eventId: `bench_${n}`, at: new Date().toISOString() };
}

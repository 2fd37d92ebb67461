import { createLoggerFactory } from '../../log/create-logger-factory.js';
import type { LabDb } from '../../mongo/connect-mongo.js';
import { createOrderClient, type OrderClient } from '../../services/grpc/client/create-order-client.js';
import { toProtoOrder } from '../../services/grpc/order-mapping.js';
import { toComparison, type BenchComparison } from '../bench-comparison.js';
import type { BenchCheck, BenchReport } from '../bench-report.js';
import { mergeRounds } from '../merge-rounds.js';
import { preloadOrders, storeOrders } from './bench-order-data.js';
import { waitForEmptyOutbox } from '../wait-for-empty-outbox.js';
import { startBaselineOrderServer } from './start-baseline-order-server.js';
import { loadOrderCalls, type BenchRpc, type OrderCallRound } from './load-order-calls.js';
import { readProcessCpuMs } from './read-process-cpu.js';
import { openBenchDatabase, type BenchDatabase } from '../open-bench-database.js';
import { startRtlabOrderSide } from './start-rtlab-order-side.js';

export interface BenchGrpcOptions {
  readonly rpc: BenchRpc;
  readonly durationMs: number;
  readonly concurrency: number;
  readonly logDir: string;
  /** Where the engines and the ws-server run, and their environment. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly onProgress?: (line: string) => void;
}

export type GrpcSideName = 'echo' | 'seedStyle' | 'rtlab';

/** One side's rounds together. For GetOrders, `perSecond` counts streamed messages. */
export interface GrpcSide {
  readonly label: string;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly calls: number;
  readonly errors: number;
  /** CPU time of every process the side runs on (this one, its engine, its ws-server) ÷ its calls. */
  readonly cpuMsPerCall: number;
}

export interface BenchGrpcResult extends BenchReport {
  readonly rpc: BenchRpc;
  readonly rounds: number;
  /** Orders each GetOrders call streams. */
  readonly streamLimit: number;
  readonly sides: Partial<Record<GrpcSideName, GrpcSide>>;
}

interface RunningSide {
  readonly name: GrpcSideName;
  readonly label: string;
  readonly client: OrderClient;
  /** The processes whose CPU time this side costs, besides this one. */
  readonly pids: ReadonlyArray<number | undefined>;
  /** Work the side still owes after a round (the relay's backlog), done before the next side's round. */
  readonly settle?: () => Promise<void>;
  stop(): Promise<void>;
}

const rounds = 3;
const jwtSecret = 'bench-jwt-secret-0123456789abcdef';
/** Orders each GetOrders call streams, and how many GetOrder reads among. */
const streamLimit = 500;

const labels: Record<BenchRpc, Record<GrpcSideName, string>> = {
  create: { echo: 'bare grpc-js echo', seedStyle: 'seed-style CreateOrder', rtlab: 'rtlab CreateOrder' },
  get: { echo: 'bare grpc-js echo', seedStyle: 'seed-style GetOrder', rtlab: 'rtlab GetOrder' },
  stream: { echo: 'bare server stream', seedStyle: '', rtlab: 'rtlab GetOrders' },
};

/**
 * rtlab's OrderService (auth, validation, persistence, outbox and its relay to a real ws-server)
 * against baselines of the same run, in alternating rounds: a bare grpc-js echo (the limit) and,
 * for the unary calls, a seed-style server (no auth, one awaited write or read per call). Each
 * side that stores has a fresh journaling engine of its own; the gRPC servers and the load
 * generator share this process, so every side pays the same client cost.
 */
export async function benchGrpc(options: BenchGrpcOptions): Promise<BenchGrpcResult> {
  const progress = options.onProgress ?? (() => undefined);
  const logs = createLoggerFactory({ logDir: options.logDir, level: 'warn', console: false });
  const auth = { secret: jwtSecret, subject: 'bench' };
  const started: RunningSide[] = [];
  const engines: BenchDatabase[] = [];
  try {
    progress('Starting a journaling engine per side, the ws-server and the gRPC servers…');
    const rtlabEngine = await openBenchDatabase({ ...options, persist: true });
    engines.push(rtlabEngine);
    const preloaded = options.rpc === 'create' ? [] : await preloadOrders(rtlabEngine.db, streamLimit);
    const rtlab = await startRtlabOrderSide({
      ...options,
      engine: rtlabEngine,
      jwtSecret,
      logger: logs.forService('bench'),
    });
    started.push({
      name: 'rtlab',
      label: labels[options.rpc].rtlab,
      client: createOrderClient({ target: rtlab.target, auth }),
      pids: [rtlabEngine.pid, rtlab.wsServerPid],
      settle: async () => void (await waitForEmptyOutbox(rtlabEngine.db, 15_000)),
      stop: rtlab.stop,
    });
    const echo = await startBaselineOrderServer({ streamed: preloaded.map(toProtoOrder) });
    started.push({
      name: 'echo',
      label: labels[options.rpc].echo,
      client: createOrderClient({ target: echo.target, auth }),
      pids: [],
      stop: echo.stop,
    });
    if (options.rpc !== 'stream') {
      const seedEngine = await openBenchDatabase({ ...options, persist: true });
      engines.push(seedEngine);
      if (options.rpc === 'get') await storeOrders(seedEngine.db, preloaded);
      const seed = await startBaselineOrderServer({ db: seedEngine.db });
      started.push({
        name: 'seedStyle',
        label: labels[options.rpc].seedStyle,
        client: createOrderClient({ target: seed.target, auth }),
        pids: [seedEngine.pid],
        stop: seed.stop,
      });
    }
    const ids = preloaded.map((order) => order.orderId);
    const measured = new Map<GrpcSideName, { rounds: OrderCallRound[]; cpuMs: number }>();
    const roundMs = options.durationMs / (rounds * started.length);
    for (let round = 0; round < rounds; round++) {
      // Each side takes each place in the order once, so a burst of load elsewhere is shared.
      for (const side of [...started.slice(round % started.length), ...started.slice(0, round % started.length)]) {
        progress(`Round ${round + 1}/${rounds}: ${side.label} for ${(roundMs / 1000).toFixed(1)} s…`);
        const cpuBefore = sumCpu(side.pids);
        const result = await loadOrderCalls({
          client: side.client,
          rpc: options.rpc,
          durationMs: roundMs,
          concurrency: options.concurrency,
          ids,
          streamLimit,
          label: side.label,
        });
        await side.settle?.();
        const entry = measured.get(side.name) ?? { rounds: [], cpuMs: 0 };
        entry.rounds.push(result);
        entry.cpuMs += sumCpu(side.pids) - cpuBefore;
        measured.set(side.name, entry);
      }
    }
    const sides: Partial<Record<GrpcSideName, GrpcSide>> = {};
    for (const [name, entry] of measured) sides[name] = toSide(labels[options.rpc][name], entry, options.rpc);
    const acknowledged = measured.get('rtlab')!.rounds.flatMap((round) => round.acknowledgedIds);
    return {
      comparisons: toComparisons(options.rpc, sides),
      checks: await toChecks(options.rpc, sides, rtlabEngine.db, acknowledged),
      rpc: options.rpc,
      rounds,
      streamLimit,
      sides,
    };
  } finally {
    for (const side of started) side.client.close();
    for (const side of started) await side.stop();
    for (const engine of engines) await engine.close();
    logs.close();
  }
}

function sumCpu(pids: ReadonlyArray<number | undefined>): number {
  return (
    readProcessCpuMs(process.pid) +
    pids.reduce<number>((sum, pid) => sum + (pid === undefined ? 0 : readProcessCpuMs(pid)), 0)
  );
}

function toSide(label: string, entry: { rounds: OrderCallRound[]; cpuMs: number }, rpc: BenchRpc): GrpcSide {
  const merged = mergeRounds(entry.rounds);
  const calls = entry.rounds.reduce((sum, round) => sum + round.calls, 0);
  const messages = entry.rounds.reduce((sum, round) => sum + round.messages, 0);
  return {
    label,
    // A stream's rate is what it delivered: a stream cut short counts only the orders it streamed.
    perSecond: merged.opsPerSecond * (rpc === 'stream' && calls > 0 ? messages / calls : 1),
    p50Ms: merged.p50Ms,
    p99Ms: merged.p99Ms,
    calls,
    errors: entry.rounds.reduce((sum, round) => sum + round.errors, 0),
    cpuMsPerCall: calls === 0 ? 0 : entry.cpuMs / calls,
  };
}

function toComparisons(rpc: BenchRpc, sides: Partial<Record<GrpcSideName, GrpcSide>>): BenchComparison[] {
  const rate = (name: GrpcSideName) => sides[name]?.perSecond ?? 0;
  if (rpc === 'stream')
    return [
      toComparison('rtlab GetOrders from MongoDB ÷ bare server stream, msgs/s', rate('rtlab'), rate('echo'), {
        atLeast: 0.5,
      }),
    ];
  const method = rpc === 'create' ? 'CreateOrder' : 'GetOrder';
  return [
    // GetOrder's goals are rtlab's own (issue 10 sets only CreateOrder's and GetOrders'): auth and a log line cost little next to a read.
    toComparison(`rtlab ${method} ÷ seed-style, calls/s`, rate('rtlab'), rate('seedStyle'), {
      atLeast: rpc === 'create' ? 1.2 : 0.9,
    }),
    toComparison(`rtlab ${method} ÷ bare grpc-js echo, calls/s`, rate('rtlab'), rate('echo'), { atLeast: 0.6 }),
  ];
}

async function toChecks(
  rpc: BenchRpc,
  sides: Partial<Record<GrpcSideName, GrpcSide>>,
  db: LabDb,
  acknowledged: readonly string[],
): Promise<BenchCheck[]> {
  const failed = Object.values(sides).filter((side) => side.errors > 0);
  const checks: BenchCheck[] = [
    {
      name: 'every call succeeded',
      passed: failed.length === 0,
      detail:
        failed.length === 0
          ? 'no call failed'
          : failed.map((side) => `${side.label}: ${side.errors} failed`).join(', '),
    },
  ];
  if (rpc !== 'create') return checks;
  let stored = 0;
  let notified = 0;
  for (let at = 0; at < acknowledged.length; at += 5000) {
    const ids = acknowledged.slice(at, at + 5000);
    stored += await db.collection('orders').countDocuments({ orderId: { $in: ids } });
    notified += await db.collection('outbox').countDocuments({ 'update.orderId': { $in: ids }, status: 'sent' });
  }
  return [
    ...checks,
    {
      name: 'every acknowledged order is stored once',
      passed: stored === acknowledged.length,
      detail: `${stored} stored of ${acknowledged.length} acknowledged`,
    },
    {
      name: "every acknowledged order's notification reached the ws-server",
      passed: notified === acknowledged.length,
      detail: `${notified} delivered of ${acknowledged.length}`,
    },
  ];
}

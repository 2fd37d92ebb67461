import { MongoClient, ObjectId, type Collection } from 'mongodb';
import { toComparison, type RatioGoal } from '../bench-comparison.js';
import type { BenchReport } from '../bench-report.js';
import { measureLoop, type MeasureResult } from '../measure-loop.js';
import { mergeRounds } from '../merge-rounds.js';
import { startMongoLite } from '../../mongo/lite/server/start-mongo-lite.js';
import { startNullWireServer } from './start-null-wire-server.js';

export interface BenchMongoOptions {
  /** Total measuring time, shared by every workload on both servers. */
  readonly durationMs: number;
  /** Size of the collection the indexed find searches. */
  readonly documents?: number;
  readonly onProgress?: (line: string) => void;
  /** Ctrl-C: the run stops between measurements. */
  readonly signal?: AbortSignal;
}

export interface BenchMongoResult extends BenchReport {
  /** Each workload's figures on both servers (ops/s, p50, p99), beside the comparisons of its ops/s. */
  readonly workloads: ReadonlyArray<{
    readonly workload: Workload;
    readonly measured: MeasureResult;
    readonly baseline: MeasureResult;
  }>;
  readonly documents: number;
}

const workloads = ['insertOne', 'findOne by _id', 'find by indexed field', 'updateOne by _id'] as const;
type Workload = (typeof workloads)[number];

/**
 * Ops/s of the engine ÷ ops/s of the ceiling. A point read or insert should cost the engine
 * little beyond the driver's own round trip; an indexed find or an update at half the ceiling
 * still tells an index use from a collection scan, which would be tens of times slower.
 */
const goals: Record<Workload, RatioGoal> = {
  insertOne: { atLeast: 0.85 },
  'findOne by _id': { atLeast: 0.85 },
  'find by indexed field': { atLeast: 0.5 },
  'updateOne by _id': { atLeast: 0.5 },
};

/**
 * The embedded engine against the driver-bound ceiling: the same calls through the official
 * driver on one connection, against rtlab's engine and against a server that does no work.
 */
export async function benchMongo(options: BenchMongoOptions): Promise<BenchMongoResult> {
  const documents = options.documents ?? 100_000;
  // Each side of each workload gets phaseMs, in alternating rounds.
  const phaseMs = options.durationMs / (workloads.length * 2);
  const progress = options.onProgress ?? (() => undefined);
  const lite = await startMongoLite({ port: 0 });
  const nothing = await startNullWireServer();
  let embedded: Awaited<ReturnType<typeof openTarget>> | undefined;
  let baseline: Awaited<ReturnType<typeof openTarget>> | undefined;
  try {
    progress(`Loading ${documents.toLocaleString('en')} documents into the embedded engine…`);
    embedded = await openTarget(lite.uri, documents);
    baseline = await openTarget(nothing.uri, 0);
    const measured: Array<BenchMongoResult['workloads'][number]> = [];
    for (const workload of workloads) {
      progress(`Measuring ${workload}…`);
      // Alternating rounds, each side first in turn: neither profits from a driver the other
      // warmed up, nor loses to a burst of load on the machine that hits only one phase.
      const rounds = { embedded: [] as MeasureResult[], baseline: [] as MeasureResult[] };
      const measure = async (side: 'embedded' | 'baseline') => {
        options.signal?.throwIfAborted();
        rounds[side].push(
          await measureLoop(
            { name: workload, durationMs: phaseMs / roundsPerWorkload },
            (side === 'embedded' ? embedded! : baseline!).operations[workload],
          ),
        );
      };
      for (let round = 0; round < roundsPerWorkload; round++) {
        for (const side of round % 2 === 0 ? (['baseline', 'embedded'] as const) : (['embedded', 'baseline'] as const))
          await measure(side);
      }
      measured.push({ workload, measured: mergeRounds(rounds.embedded), baseline: mergeRounds(rounds.baseline) });
    }
    return {
      comparisons: measured.map((row) =>
        toComparison(
          `${row.workload}: engine ÷ ceiling, ops/s`,
          row.measured.opsPerSecond,
          row.baseline.opsPerSecond,
          goals[row.workload],
        ),
      ),
      checks: [],
      workloads: measured,
      documents,
    };
  } finally {
    await embedded?.close();
    await baseline?.close();
    await lite.stop();
    await nothing.stop();
  }
}

const roundsPerWorkload = 4;

/** A connected driver (one connection) with the workloads ready to run against its server. */
async function openTarget(uri: string, documents: number) {
  const client = new MongoClient(uri, { maxPoolSize: 1, serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const db = client.db('rtlab_bench');
  const people = db.collection('people');
  const ids = await loadPeople(people, documents);
  const inserts = db.collection('inserts');
  const pick = (i: number) => ids[(i * 7919) % Math.max(1, ids.length)] ?? new ObjectId();
  const email = (i: number) => `user${(i * 7919) % Math.max(1, documents)}@lab.test`;
  const operations: Record<Workload, (i: number) => Promise<unknown>> = {
    insertOne: (i) => inserts.insertOne({ email: email(i), n: i, payload: 'x'.repeat(64) }),
    'findOne by _id': (i) => people.findOne({ _id: pick(i) }),
    'find by indexed field': (i) => people.find({ email: email(i) }).toArray(),
    'updateOne by _id': (i) => people.updateOne({ _id: pick(i) }, { $inc: { n: 1 } }),
  };
  return { operations, close: () => client.close() };
}

async function loadPeople(people: Collection, documents: number): Promise<ObjectId[]> {
  if (documents === 0) return [];
  await people.createIndex({ email: 1 });
  const ids: ObjectId[] = [];
  for (let start = 0; start < documents; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, documents - start) }, (_, k) => ({
      _id: new ObjectId(),
      email: `user${start + k}@lab.test`,
      n: start + k,
      payload: 'x'.repeat(64),
    }));
    await people.insertMany(batch);
    ids.push(...batch.map((doc) => doc._id));
  }
  return ids;
}

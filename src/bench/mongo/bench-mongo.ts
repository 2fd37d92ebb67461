import { MongoClient, ObjectId, type Collection } from 'mongodb';
import { compare, type BenchComparison } from '../format-bench-table.js';
import { measureLoop, type MeasureResult } from '../measure-loop.js';
import { startMongoLite } from '../../mongo/lite/server/start-mongo-lite.js';
import { startNullWireServer } from './start-null-wire-server.js';

export interface BenchMongoOptions {
  /** Total measuring time, shared by every workload on both servers. */
  readonly durationMs: number;
  /** Size of the collection the indexed find searches. */
  readonly documents?: number;
  readonly onProgress?: (line: string) => void;
}

export interface BenchMongoResult {
  readonly rows: readonly BenchComparison[];
  readonly documents: number;
  /** The targets, checked on this run's figures. */
  readonly targets: ReadonlyArray<{ readonly name: string; readonly met: boolean; readonly detail: string }>;
}

const workloads = ['insertOne', 'findOne by _id', 'find by indexed field', 'updateOne by _id'] as const;
type Workload = (typeof workloads)[number];

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
    const rows: BenchComparison[] = [];
    for (const workload of workloads) {
      progress(`Measuring ${workload}…`);
      // Alternating rounds: neither side profits from a driver the other one warmed up.
      const rounds = { embedded: [] as MeasureResult[], baseline: [] as MeasureResult[] };
      for (let round = 0; round < roundsPerWorkload; round++) {
        rounds.baseline.push(await measureLoop({ name: workload, durationMs: phaseMs / roundsPerWorkload }, baseline.operations[workload]));
        rounds.embedded.push(await measureLoop({ name: workload, durationMs: phaseMs / roundsPerWorkload }, embedded.operations[workload]));
      }
      rows.push(compare(workload, mergeRounds(rounds.embedded), mergeRounds(rounds.baseline)));
    }
    const byName = new Map(rows.map((row) => [row.workload, row]));
    const indexed = byName.get('find by indexed field')!.measured;
    return {
      rows,
      documents,
      targets: [
        ...(['insertOne', 'findOne by _id'] as const).map((name) => ({ name: `${name} ≥ 0.85 × ceiling`, met: byName.get(name)!.ratio >= 0.85, detail: `${byName.get(name)!.ratio.toFixed(2)}×` })),
        { name: `indexed find on ${documents.toLocaleString('en')} documents, p50 < 1 ms`, met: indexed.p50Ms < 1, detail: `${indexed.p50Ms.toFixed(3)} ms` },
      ],
    };
  } finally {
    await embedded?.close();
    await baseline?.close();
    await lite.stop();
    await nothing.stop();
  }
}

const roundsPerWorkload = 2;

/** Rounds of one workload as one result: operations add up, percentiles are weighted by count. */
function mergeRounds(rounds: readonly MeasureResult[]): MeasureResult {
  const operations = rounds.reduce((sum, round) => sum + round.operations, 0);
  const weighted = (pick: (round: MeasureResult) => number) => rounds.reduce((sum, round) => sum + pick(round) * round.operations, 0) / operations;
  return {
    name: rounds[0]!.name,
    operations,
    opsPerSecond: rounds.reduce((sum, round) => sum + round.opsPerSecond, 0) / rounds.length,
    p50Ms: weighted((round) => round.p50Ms),
    p99Ms: weighted((round) => round.p99Ms),
    maxMs: Math.max(...rounds.map((round) => round.maxMs)),
  };
}

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
    const batch = Array.from({ length: Math.min(1000, documents - start) }, (_, k) => ({ _id: new ObjectId(), email: `user${start + k}@lab.test`, n: start + k, payload: 'x'.repeat(64) }));
    await people.insertMany(batch);
    ids.push(...batch.map((doc) => doc._id));
  }
  return ids;
}

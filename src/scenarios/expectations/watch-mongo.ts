import { toPlainDocuments } from '../actions/run-mongo.js';
import { describe, findMismatch } from '../match/match-subset.js';
import type { Count, MongoExpectation } from '../schema/expectation-schema.js';
import type { ArmContext, ArmedExpectation } from './expectation-outcome.js';

const defaultWithinMs = 5000;
/** Documents read to look for the expected subset. */
const maxDocumentsRead = 200;

/**
 * Documents in a collection. A change stream on the collection is opened before the action, so
 * the check runs after the action and again at each change, never by polling, until it holds or
 * `within` (default 5 s) runs out.
 */
export async function watchMongo(armedWith: MongoExpectation, context: ArmContext): Promise<ArmedExpectation> {
  const collection = context.lab.db.collection(armedWith.collection);
  const stream = collection.watch([], { maxAwaitTimeMS: 100 });
  let wake: (() => void) | undefined;
  let changed = false;
  let closed = false;
  // The first tryNext sends the aggregate: from its answer on, every change is seen.
  await stream.tryNext().catch(() => undefined);
  // `unchanged`: what the filter matched before the action, to compare with after it.
  const before = armedWith.unchanged === true ? await readMatched(collection, armedWith.filter) : undefined;
  // When each document first changed in the step (the server's wallTime): the evidence's time.
  const firstChangeAtMs = new Map<string, number>();
  const following = (async () => {
    try {
      for (let change; !closed && (change = await stream.next()) !== null;) {
        const { documentKey, wallTime } = change as { documentKey?: { _id?: unknown }; wallTime?: Date };
        const key = JSON.stringify(documentKey?._id);
        if (!firstChangeAtMs.has(key))
          firstChangeAtMs.set(key, (wallTime?.getTime() ?? Date.now()) - context.runStartedAt);
        changed = true;
        wake?.();
      }
    } catch {
      // Closed, or the stream failed: the last check at the deadline still decides.
    }
  })();

  return {
    settle: async ({ expectation, actionEndedAt, stepDeadline, signal }) => {
      const expected = expectation.mongo ?? armedWith;
      const summary = `mongo ${expected.collection} ${describe(expected.filter)}${expected.count === undefined ? '' : ` count ${describeCount(expected.count)}`}${expected.document === undefined ? '' : ` document ${describe(expected.document)}`}${expected.unchanged === true ? ' unchanged' : ''}`;
      const check = async () => {
        // The count command, not countDocuments: its $group pipeline cost the embedded engine 1-3 s
        // on its first use in a run, and the answer is the same on a replica set.
        const { n: count } = (await context.lab.db.command({ count: expected.collection, query: expected.filter })) as {
          n: number;
        };
        const documents =
          expected.document === undefined
            ? []
            : toPlainDocuments(await collection.find(expected.filter).limit(maxDocumentsRead).toArray());
        const unchangedProblem =
          before === undefined ? undefined : findChange(before, await readMatched(collection, expected.filter));
        const countProblem = expected.count === undefined ? undefined : findCountProblem(expected.count, count);
        const found = documents.find((document) => findMismatch(expected.document, document) === undefined);
        const documentProblem =
          expected.document === undefined || found !== undefined
            ? undefined
            : documents.length === 0
              ? 'no document matches the filter'
              : `none of ${documents.length} matches: ${findMismatch(expected.document, documents[0])}`;
        return {
          count,
          found,
          problem: unchangedProblem ?? countProblem ?? documentProblem,
          changed: unchangedProblem,
        };
      };
      const deadline = Math.min(actionEndedAt + (expected.within ?? defaultWithinMs), stepDeadline);
      for (;;) {
        changed = false;
        const state = await check();
        // `unchanged` with a `within` watches the whole window and fails at the first change.
        const watchWindow = before !== undefined && expected.within !== undefined;
        const done =
          state.changed !== undefined ||
          (!watchWindow && state.problem === undefined) ||
          performance.now() >= deadline ||
          signal.aborted;
        if (done)
          return {
            kind: 'mongo',
            ok: state.problem === undefined,
            summary,
            expected: summary.slice('mongo '.length),
            received: state.problem ?? `${state.count} document(s)`,
            evidence: [
              {
                atMs: await whenMatchedChanged(collection, expected.filter, firstChangeAtMs, context.runStartedAt),
                value: { count: state.count, document: state.found },
              },
            ],
            service: 'mongo',
          };
        if (changed) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(0, deadline - performance.now()));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    },
    close: async () => {
      closed = true;
      await stream.close().catch(() => undefined);
      await following;
    },
  };
}

/**
 * When the documents the filter matches first changed in this step (a chain's hop time: the
 * insert, not when the runner looked); now when none of them did.
 */
async function whenMatchedChanged(
  collection: ReturnType<ArmContext['lab']['db']['collection']>,
  filter: Record<string, unknown>,
  firstChangeAtMs: ReadonlyMap<string, number>,
  runStartedAt: number,
): Promise<number> {
  const now = Date.now() - runStartedAt;
  if (firstChangeAtMs.size === 0) return now;
  const matched = await collection.find(filter).project({ _id: 1 }).limit(maxDocumentsRead).toArray();
  const times = matched.flatMap(({ _id }) => firstChangeAtMs.get(JSON.stringify(_id)) ?? []);
  return times.length === 0 ? now : Math.min(...times);
}

function describeCount(count: Count): string {
  if (typeof count === 'number') return `= ${count}`;
  return [
    count.eq === undefined ? '' : `= ${count.eq}`,
    count.gte === undefined ? '' : `≥ ${count.gte}`,
    count.lte === undefined ? '' : `≤ ${count.lte}`,
  ]
    .filter(Boolean)
    .join(' and ');
}

function findCountProblem(count: Count, actual: number): string | undefined {
  const { eq, gte, lte } = typeof count === 'number' ? { eq: count, gte: undefined, lte: undefined } : count;
  const ok =
    (eq === undefined || actual === eq) && (gte === undefined || actual >= gte) && (lte === undefined || actual <= lte);
  return ok ? undefined : `${actual} document(s), expected ${describeCount(count)}`;
}

/** The documents a filter matches (as plain JSON, in `_id` order), for `unchanged`. */
async function readMatched(
  collection: ReturnType<ArmContext['lab']['db']['collection']>,
  filter: Record<string, unknown>,
): Promise<unknown[]> {
  return toPlainDocuments(await collection.find(filter).sort({ _id: 1 }).limit(maxDocumentsRead).toArray());
}

function findChange(before: readonly unknown[], after: readonly unknown[]): string | undefined {
  if (before.length !== after.length)
    return `changed: ${before.length} document(s) matched before the action, ${after.length} after`;
  const index = before.findIndex((document, at) => JSON.stringify(document) !== JSON.stringify(after[at]));
  return index === -1 ? undefined : `changed: ${describe(before[index])} became ${describe(after[index])}`;
}

import type { Document } from 'bson';
import { compileFilter } from '../engine/compile-filter.js';
import type { LiteCollection, StoredDocument } from '../engine/lite-collection.js';
import { OffloadNeeded, withMainThreadBudget } from '../engine/regex/main-thread-budget.js';
import { inScope, type RequestScope } from '../engine/request-scope.js';
import { applyUpdate, isOperatorUpdate } from '../engine/update/apply-update.js';
import { decodeDocument, encodeDocument } from '../wire/bson-codec.js';
import { concatPacked, packDocument } from './packed-documents.js';
import { runRequestJob } from './run-request-job.js';

/** How long one update may compute new versions on the thread that answers every connection. */
const sharedThreadSliceMs = 50;

export interface UpdateStatement {
  readonly filter: Document;
  readonly update: Document;
  readonly arrayFilters: readonly Document[];
}

/** The documents an update writes and, when computed ahead, each one's new version. */
export interface PlannedUpdates {
  readonly matches: StoredDocument[];
  readonly afters: ReadonlyArray<Document | undefined>;
}

/**
 * The new version of each matched document. An operator update holds client expressions (its
 * arrayFilters, `$pull` conditions, the positional `$`'s query): they are applied here with each
 * match's cost bounded (main-thread-budget.ts), and when one is too costly, every new version is
 * computed on a worker thread, where maxTimeMS stops it. A document changed meanwhile by another
 * connection is tested and updated again here, as it is now, as mongod re-checks a document that
 * changed while its write yielded. Returns synchronously computed versions otherwise.
 */
export async function planUpdates(
  collection: LiteCollection | undefined,
  matches: StoredDocument[],
  statement: UpdateStatement,
  scope: RequestScope,
): Promise<PlannedUpdates> {
  if (collection === undefined || matches.length === 0 || !isOperatorUpdate(statement.update))
    return { matches, afters: [] };
  const options = { ...statement, inserting: false };
  const since = performance.now();
  try {
    const afters = inScope(scope, () =>
      matches.map((stored) => {
        // Cheap per document, costly in all (a 50,000-value $pullAll over thousands of documents):
        // past one slice, the whole update moves to a worker, where maxTimeMS stops it.
        if (performance.now() - since > sharedThreadSliceMs) throw new OffloadNeeded();
        return withMainThreadBudget(() => applyUpdate(stored.doc, statement.update, options));
      }),
    );
    return { matches, afters };
  } catch (error) {
    // Refused updates are applied one by one as before, so those ahead of the refused one stay written, as in mongod.
    if (!(error instanceof OffloadNeeded)) return { matches, afters: [] };
  }
  const computed = await updatedOnWorker(matches, statement, scope);
  // Back from the worker: the documents changed meanwhile are re-checked, in one go.
  return inScope(scope, () => {
    const filter = compileFilter(statement.filter);
    const kept: StoredDocument[] = [];
    const afters: Document[] = [];
    matches.forEach((stored, at) => {
      const current = collection.getById(stored.doc['_id']);
      if (current === stored) {
        kept.push(stored);
        afters.push(computed[at]!);
      } else if (current !== undefined && filter.test(current.view)) {
        kept.push(current);
        afters.push(applyUpdate(current.doc, statement.update, options));
      }
    });
    return { matches: kept, afters };
  });
}

/** Each document's new version, computed on a worker thread from its stored BSON, type for type. */
async function updatedOnWorker(
  matches: readonly StoredDocument[],
  statement: UpdateStatement,
  scope: RequestScope,
): Promise<Document[]> {
  const outcome = await runRequestJob(
    packDocument({
      update: { update: statement.update, filter: statement.filter, arrayFilters: statement.arrayFilters },
    }),
    concatPacked(matches.map((stored) => encodeDocument(stored.doc))),
    scope,
  );
  const out: Document[] = [];
  const view = new DataView(outcome.computed.buffer, outcome.computed.byteOffset, outcome.computed.byteLength);
  for (let at = 0; at < outcome.computed.byteLength;) {
    const length = view.getInt32(at, true);
    out.push(decodeDocument(outcome.computed.subarray(at, at + length)));
    at += length;
  }
  return out;
}

/**
 * On the worker: the new version of each input document (BSON as stored, with every numeric
 * type), for `runPipelineJob`'s `{ update }` jobs.
 */
export function updatedVersions(input: Uint8Array, statement: UpdateStatement): Uint8Array {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < input.byteLength;) {
    const length = view.getInt32(at, true);
    const document = decodeDocument(input.subarray(at, at + length));
    parts.push(encodeDocument(applyUpdate(document, statement.update, { ...statement, inserting: false })));
    at += length;
  }
  return concatPacked(parts);
}

import { Long, type Document } from 'bson';
import type { Durability } from '../commands/command-context.js';
import type { Catalog } from '../engine/catalog.js';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';
import { toTxnNumber, type RetryableWriteId } from './retryable-write.js';

/** What one executed statement answered: enough to answer its retry without running it again. */
export interface StatementResult {
  readonly n: number;
  readonly nModified?: number;
  /** The `_id` an upsert inserted. */
  readonly upserted?: unknown;
  /** findAndModify's whole reply (its pre- or post-image), before any projection. */
  readonly reply?: Document;
}

/**
 * mongod's table of sessions' last retryable writes. It is an ordinary collection, so each
 * record is journalled in the same group as the write it describes (both reach the disk or
 * neither does, and a failed group undoes both) and is kept by snapshots: a retry that arrives
 * after a restart is still recognised.
 */
export const sessionTableNamespace = { db: 'config', name: 'transactions' } as const;

/** mongod's localLogicalSessionTimeoutMinutes: a session unused this long is forgotten. */
export const sessionTimeoutMs = 30 * 60_000;
const reapIntervalMs = 60_000;
const lastReaped = new WeakMap<Catalog, number>();

/** A retryable write in progress: which of its statements ran already, and recording the rest. */
export class RetryableWrite {
  private unsaved = false;
  private saveScheduled = false;

  constructor(
    private readonly catalog: Catalog,
    private readonly id: RetryableWriteId,
    private readonly results: Map<number, StatementResult>,
    private readonly durability: Pick<Durability, 'beforeNextWrite'>,
  ) {}

  /** The result of a statement an earlier attempt executed, or undefined if it must run now. */
  executed(stmtId: number): StatementResult | undefined {
    return this.results.get(stmtId);
  }

  /**
   * Records statements just executed, in the same synchronous slice as their writes. The
   * session's record is saved right before the journal group holding those writes is written
   * (one save per group, not per statement: a bulk of 500 statements saves it once), and at the
   * latest by `save()` when the command ends.
   */
  record(entries: ReadonlyArray<readonly [number, StatementResult]>): void {
    if (entries.length === 0) return;
    for (const [stmtId, result] of entries) this.results.set(stmtId, result);
    this.unsaved = true;
    if (this.saveScheduled || this.durability.beforeNextWrite === undefined) return;
    this.saveScheduled = true;
    this.durability.beforeNextWrite(() => {
      this.saveScheduled = false;
      try {
        this.save();
      } catch {
        // The journal refuses records (it failed): the group with the statements fails as well.
      }
    });
  }

  /** Writes the session's record to the session table, if statements were recorded since the last save. */
  save(): void {
    if (!this.unsaved) return;
    this.unsaved = false;
    const { db, name } = sessionTableNamespace;
    const collection = this.catalog.getOrCreate(db, name);
    const document = {
      _id: { id: this.id.sessionId },
      txnNum: Long.fromBigInt(this.id.txnNumber),
      lastWriteDate: new Date(),
      statements: [...this.results].map(([stmtId, result]) => ({ stmtId, ...result })),
    };
    const stored = collection.getById(document._id);
    if (stored === undefined) collection.insert(document);
    else collection.replace(stored, document);
  }
}

/**
 * Starts (or resumes, for a retry) the session's write `id.txnNumber`. An older txnNumber than
 * the session's last is refused, as mongod does: its outcome is no longer known.
 */
export function beginRetryableWrite(
  catalog: Catalog,
  id: RetryableWriteId,
  durability: Pick<Durability, 'beforeNextWrite'> = {},
  now = Date.now(),
): RetryableWrite {
  reapExpiredSessions(catalog, now);
  const { db, name } = sessionTableNamespace;
  const stored = catalog.get(db, name)?.getById({ id: id.sessionId })?.doc;
  const last = stored === undefined ? undefined : toTxnNumber(stored['txnNum']);
  if (last !== undefined && last > id.txnNumber)
    throw new MongoCommandError(
      ErrorCode.TransactionTooOld,
      `Retryable write with txnNumber ${id.txnNumber} is prohibited on session ${id.sessionKey} because a newer retryable write with txnNumber ${last} has already started on this session.`,
    );
  const results = new Map<number, StatementResult>();
  if (stored !== undefined && last === id.txnNumber)
    for (const entry of stored['statements'] as Document[]) results.set(Number(entry['stmtId']), toResult(entry));
  return new RetryableWrite(catalog, id, results, durability);
}

/** Forgets sessions unused for the session timeout, at most once a minute: the table stays bounded. */
function reapExpiredSessions(catalog: Catalog, now: number): void {
  if (now - (lastReaped.get(catalog) ?? 0) < reapIntervalMs) return;
  lastReaped.set(catalog, now);
  const collection = catalog.get(sessionTableNamespace.db, sessionTableNamespace.name);
  if (collection === undefined) return;
  const expired = [...collection.all()].filter((stored) => {
    const lastWrite = stored.doc['lastWriteDate'];
    return !(lastWrite instanceof Date) || now - lastWrite.getTime() > sessionTimeoutMs;
  });
  for (const stored of expired) collection.remove(stored);
}

/** A recorded statement as read back (numbers from the journal arrive as BSON wrappers). */
function toResult(entry: Document): StatementResult {
  return {
    n: Number(entry['n']),
    ...(entry['nModified'] === undefined ? {} : { nModified: Number(entry['nModified']) }),
    ...('upserted' in entry ? { upserted: entry['upserted'] } : {}),
    ...(entry['reply'] === undefined ? {} : { reply: entry['reply'] as Document }),
  };
}

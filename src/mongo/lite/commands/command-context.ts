import type { Document, Timestamp } from 'bson';
import type { Logger } from '../../../log/log-entry.js';
import type { Catalog } from '../engine/catalog.js';
import type { ChangeLog } from '../engine/change-log.js';
import type { CursorRegistry } from '../engine/cursor-registry.js';
import type { RequestScope } from '../engine/request-scope.js';
import type { TtlMonitor } from '../engine/ttl-monitor.js';
import type { RetryableWrite } from '../sessions/session-table.js';

export interface ServerInfo {
  /** host:port as advertised in hello's `hosts`, `primary` and `me`. */
  readonly advertisedAddress: string;
  readonly replSetName: string;
  readonly startedAt: Date;
  readonly version: string;
  /** Whether data is kept on disk (dbPath given). */
  readonly persistent: boolean;
}

export interface ConnectionInfo {
  readonly id: number;
  readonly remoteAddress: string;
  /** Aborted when the client's connection ends: its commands still running are stopped. */
  readonly ended: AbortSignal;
}

/** Makes acknowledged writes durable: `j: true` waits for the journal's fsync. */
export interface Durability {
  waitForJournal(): Promise<void>;
  /**
   * Resolves once this turn's changes are written to the journal file (in the OS's hands), or
   * rejects with the error that undid them: a write is acknowledged only after it.
   */
  waitForWrite(): Promise<void>;
  /**
   * Runs `hook` right before this turn's changes are written, to add to them (the session
   * table's record of the statements); absent in memory, where nothing is written.
   */
  beforeNextWrite?(hook: () => void): void;
  /** Runs `outcome` once this turn's changes are written (true) or undone (false). */
  onGroupOutcome(outcome: (written: boolean) => void): void;
  /** Folds the journal into a snapshot (the `compact` command); absent in memory. */
  compact?(): void;
}

/** Everything a command handler may use. */
export interface CommandContext {
  readonly catalog: Catalog;
  readonly cursors: CursorRegistry;
  readonly changes: ChangeLog;
  /** The engine's log (warn lines a user should see, such as a refused resume). */
  readonly logger?: Logger | undefined;
  /** Deletes expired documents; its pause and switch are server parameters. */
  readonly ttl: TtlMonitor;
  readonly durability: Durability;
  readonly server: ServerInfo;
  readonly connection: ConnectionInfo;
  readonly stats: {
    connectionsCurrent: number;
    connectionsTotal: number;
    opcounters: Record<string, number>;
    scannedObjects: number;
  };
  /** The running command's maxTimeMS and memory budgets, checked in scans and expressions. */
  scope: RequestScope;
  /** mongod test fail points switched on with configureFailPoint (maxTimeAlwaysTimeOut). */
  readonly failPoints: Set<string>;
  /** The running command's retryable write (lsid + txnNumber): statements done by an earlier attempt. */
  retry?: RetryableWrite | undefined;
  /** The cluster time of this command's writes, if it made any. */
  operationTime?: Timestamp;
}

export type CommandHandler = (body: Document, context: CommandContext) => Document | Promise<Document>;

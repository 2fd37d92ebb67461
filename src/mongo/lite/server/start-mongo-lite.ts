import net, { type Socket } from 'node:net';
import type { Logger } from '../../../log/log-entry.js';
import type { CommandContext, Durability, ServerInfo } from '../commands/command-context.js';
import { Catalog, type CatalogSink } from '../engine/catalog.js';
import { ChangeLog } from '../engine/change-log.js';
import { CursorRegistry } from '../engine/cursor-registry.js';
import { newScope } from '../engine/request-scope.js';
import { TtlMonitor } from '../engine/ttl-monitor.js';
import { JournalSink, memoryOnlySink } from '../persistence/journal-sink.js';
import { LiteConnection } from './lite-connection.js';
import { warmUpWorkers } from '../offload/worker-pool.js';

/** Options of the embedded MongoDB-compatible server. */
export interface StartMongoLiteOptions {
  /** 0 picks a free port. Default 27017. */
  readonly port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  readonly host?: string;
  /** Keep data in this directory (journal + snapshot); without it, data lives in memory only. */
  readonly dbPath?: string;
  /** The emulated one-node replica set's name. Default `rs0`. */
  readonly replSetName?: string;
  /** The host clients should use, as advertised in hello (a container name in Docker). */
  readonly advertisedHost?: string;
  readonly logger?: Logger;
  readonly cursorTimeoutMs?: number;
  /** How many change events are kept for change streams to resume from. */
  readonly changeHistorySize?: number;
  readonly compactAfterBytes?: number;
  /**
   * Seconds between two passes of the TTL monitor (mongod's `ttlMonitorSleepSecs`, default 60);
   * also settable at run time with `setParameter`. Tests use a fraction of a second.
   */
  readonly ttlMonitorSleepSecs?: number;
  /**
   * Start even if a data file is damaged in the middle: every valid record is kept, the damaged
   * file is set aside (renamed `*.damaged-<time>`), and what was lost is logged. Without it, such
   * damage stops the start with an EnvironmentError and nothing on disk changes.
   */
  readonly repair?: boolean;
}

export interface StartedMongoLite {
  /** A connection string for any MongoDB driver or tool. */
  readonly uri: string;
  readonly host: string;
  readonly port: number;
  /** Closes cursors, flushes the journal, ends every connection and stops listening. Idempotent. */
  stop(): Promise<void>;
}

/** The MongoDB version the engine reports: what drivers and tools see in buildInfo. */
export const liteServerVersion = '7.0.0';

/** Starts rtlab's embedded, MongoDB-wire-compatible server. */
export async function startMongoLite(options: StartMongoLiteOptions = {}): Promise<StartedMongoLite> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger;
  const journal =
    options.dbPath === undefined
      ? undefined
      : new JournalSink({
          dir: options.dbPath,
          compactAfterBytes: options.compactAfterBytes,
          onCompactionFailed: (error) =>
            logger?.warn('Could not compact the journal into a snapshot; the journal is kept whole', {
              error: error.message,
            }),
          repair: options.repair,
        });
  const sink: CatalogSink & Durability = journal ?? memoryOnlySink;
  const catalog = new Catalog(sink);
  const changes = new ChangeLog(
    options.changeHistorySize,
    (outcome) => sink.onGroupOutcome(outcome),
    (event) => journal?.changeRecorded(event),
  );
  // The change history is rebuilt too: a stream resumes across a restart with nothing missed.
  const loaded = journal?.open(catalog, changes);
  if (loaded?.truncated !== undefined) {
    logger?.warn('Journal had a torn last record; kept the valid prefix', loaded.truncated);
  }
  for (const repaired of loaded?.repaired ?? []) {
    logger?.warn('Repaired a damaged data file: kept every valid record, set the file aside', { ...repaired });
  }
  const cursors = new CursorRegistry(options.cursorTimeoutMs);
  const ttl = new TtlMonitor(catalog, changes, options.ttlMonitorSleepSecs, (error, namespace) =>
    logger?.warn('The TTL monitor could not delete expired documents; the next pass retries', {
      namespace,
      error: error.message,
    }),
  );
  const stats = {
    connectionsCurrent: 0,
    connectionsTotal: 0,
    opcounters: {} as Record<string, number>,
    scannedObjects: 0,
  };
  const connections = new Map<Socket, LiteConnection>();
  const failPoints = new Set<string>();
  let requestId = 0;

  const listener = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen({ port: options.port ?? 27017, host }, () => {
        listener.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    cursors.closeAll();
    journal?.close();
    throw error;
  }
  const port = (listener.address() as net.AddressInfo).port;
  // Offloaded commands (costly filters, projections, change-stream pipelines) find a thread ready.
  warmUpWorkers();
  ttl.start();
  const advertisedHost = options.advertisedHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
  const replSetName = options.replSetName ?? 'rs0';
  const server: ServerInfo = {
    advertisedAddress: `${advertisedHost}:${port}`,
    replSetName,
    startedAt: new Date(),
    version: liteServerVersion,
    persistent: journal !== undefined,
  };

  // Attached in the same turn as the listen callback: no connection can arrive before it.
  listener.on('connection', (socket: Socket) => {
    stats.connectionsCurrent++;
    const id = ++stats.connectionsTotal;
    const remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    const ended = new AbortController();
    const context: CommandContext = {
      catalog,
      cursors,
      changes,
      ttl,
      logger,
      durability: sink,
      server,
      connection: { id, remoteAddress, ended: ended.signal },
      stats,
      scope: newScope(),
      failPoints,
    };
    connections.set(
      socket,
      new LiteConnection({
        socket,
        context,
        nextRequestId: () => ++requestId,
        onProtocolError: (error) =>
          logger?.warn('Closed a connection that broke the wire protocol', { remoteAddress, error: error.message }),
      }),
    );
    logger?.debug('Connection accepted', { remoteAddress, connectionId: id });
    socket.once('close', () => {
      ended.abort();
      stats.connectionsCurrent--;
      connections.delete(socket);
    });
  });

  let stopping: Promise<void> | undefined;
  return {
    uri: `mongodb://${advertisedHost}:${port}/?replicaSet=${replSetName}`,
    host: advertisedHost,
    port,
    stop: () =>
      (stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
        ttl.stop();
        // Closing cursors ends change streams' waits; then in-flight commands can answer, so
        // that every acknowledged write is also journalled.
        cursors.closeAll();
        await Promise.race([
          Promise.all([...connections.values()].map((connection) => connection.drain())),
          new Promise((resolve) => setTimeout(resolve, 1000)),
        ]);
        for (const socket of connections.keys()) socket.destroy();
        journal?.close();
        await closed;
      })()),
  };
}

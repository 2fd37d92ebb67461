import { calculateObjectSize, Long, type Document } from 'bson';
import { ErrorCode, MongoCommandError, unsupported } from '../engine/mongo-command-error.js';
import { toNumber } from '../bson/bson-values.js';
import { databaseOf, isCommandArgument } from './command-arguments.js';
import type { CommandContext, CommandHandler } from './command-context.js';
import { maxWireVersion } from './handshake-commands.js';

function sizeOf(
  context: CommandContext,
  db?: string,
): { objects: number; bytes: number; collections: number; indexes: number } {
  let objects = 0;
  let bytes = 0;
  let indexes = 0;
  const collections = context.catalog.collections(db);
  for (const collection of collections) {
    objects += collection.size;
    indexes += collection.indexSpecs().length;
    for (const stored of collection.all()) bytes += calculateObjectSize(stored.doc);
  }
  return { objects, bytes, collections: collections.length, indexes };
}

const getParameter: CommandHandler = (body, context) => {
  const known: Document = {
    featureCompatibilityVersion: { version: '7.0' },
    authenticationMechanisms: [],
    maxWireVersion,
    quiet: false,
    ttlMonitorSleepSecs: context.ttl.sleepSecs,
    ttlMonitorEnabled: context.ttl.enabled,
  };
  if (body['getParameter'] === '*') return { ...known, ok: 1 };
  const asked = Object.keys(body).filter((key) => key in known);
  return { ...Object.fromEntries(asked.map((key) => [key, known[key]])), ok: 1 };
};

/** The run-time parameters the engine has: the TTL monitor's (mongod 7.0 applies a new pause at once). */
const setParameter: CommandHandler = (body, context) => {
  const names = Object.keys(body).filter((key) => key !== 'setParameter' && !isCommandArgument(key));
  if (names.length === 0)
    throw new MongoCommandError(ErrorCode.NoSuchKey, 'no option found to set, use help:true to see options');
  const reply: Document = {};
  for (const name of names) {
    const value = body[name];
    if (name === 'ttlMonitorSleepSecs') {
      const seconds = toNumber(value);
      // Within what a timer can wait: past 2^31 - 1 ms Node fires it after 1 ms, and below 10 ms a
      // pass would run back to back.
      if (seconds === undefined || !(seconds >= 0.01 && seconds <= maxTtlSleepSecs))
        throw new MongoCommandError(
          ErrorCode.BadValue,
          `ttlMonitorSleepSecs must be a number of seconds from 0.01 to ${maxTtlSleepSecs}`,
        );
      reply['was'] = context.ttl.sleepSecs;
      context.ttl.sleepSecs = seconds;
    } else if (name === 'ttlMonitorEnabled') {
      if (typeof value !== 'boolean')
        throw new MongoCommandError(ErrorCode.BadValue, 'ttlMonitorEnabled must be true or false');
      reply['was'] = context.ttl.enabled;
      context.ttl.enabled = value;
    } else {
      throw new MongoCommandError(
        ErrorCode.InvalidOptions,
        `attempted to set unrecognized parameter [${name}], use help:true to see options`,
      );
    }
  }
  return { ...reply, ok: 1 };
};

export const adminCommands: Record<string, CommandHandler> = {
  getParameter,
  setParameter,
  listDatabases: (body, context) => {
    const databases = context.catalog.databaseNames().map((name) => {
      const size = sizeOf(context, name);
      return { name, sizeOnDisk: size.bytes, empty: size.objects === 0 };
    });
    const nameOnly = body['nameOnly'] === true;
    return {
      databases: nameOnly ? databases.map(({ name }) => ({ name })) : databases,
      totalSize: databases.reduce((sum, db) => sum + db.sizeOnDisk, 0),
      totalSizeMb: Long.fromNumber(0),
      ok: 1,
    };
  },
  dropDatabase: (body, context) => {
    context.catalog.dropDatabase(databaseOf(body));
    return { dropped: databaseOf(body), ok: 1 };
  },
  dbStats: (body, context) => {
    const db = databaseOf(body);
    const size = sizeOf(context, db);
    return {
      db,
      collections: size.collections,
      views: 0,
      objects: size.objects,
      avgObjSize: size.objects === 0 ? 0 : size.bytes / size.objects,
      dataSize: size.bytes,
      storageSize: size.bytes,
      indexes: size.indexes,
      indexSize: 0,
      totalSize: size.bytes,
      scaleFactor: 1,
      fsUsedSize: 0,
      fsTotalSize: 0,
      ok: 1,
    };
  },
  serverStatus: (_body, context) => ({
    host: context.server.advertisedAddress,
    version: context.server.version,
    process: 'rtlab-lite',
    pid: Long.fromNumber(process.pid),
    uptime: Math.floor((Date.now() - context.server.startedAt.getTime()) / 1000),
    uptimeMillis: Long.fromNumber(Date.now() - context.server.startedAt.getTime()),
    localTime: new Date(),
    connections: {
      current: context.stats.connectionsCurrent,
      available: 10_000,
      totalCreated: context.stats.connectionsTotal,
    },
    opcounters: context.stats.opcounters,
    metrics: {
      queryExecutor: { scannedObjects: Long.fromNumber(context.stats.scannedObjects) },
      cursor: {
        timedOut: Long.fromNumber(context.cursors.timedOut),
        open: { total: Long.fromNumber(context.cursors.openCount) },
      },
      ttl: {
        deletedDocuments: Long.fromNumber(context.ttl.deletedDocuments),
        passes: Long.fromNumber(context.ttl.passes),
      },
    },
    mem: { bits: 64, resident: Math.round(process.memoryUsage().rss / 2 ** 20), virtual: 0 },
    storageEngine: { name: 'rtlab-lite', persistent: context.server.persistent },
    repl: {
      setName: context.server.replSetName,
      isWritablePrimary: true,
      primary: context.server.advertisedAddress,
      hosts: [context.server.advertisedAddress],
    },
    ok: 1,
  }),
  compact: (_body, context) => {
    context.durability.compact?.();
    return { bytesFreed: 0, ok: 1 };
  },
  // mongod's test hook, kept to the one fail point tests need to prove maxTimeMS is honoured
  // without depending on how fast the machine is.
  configureFailPoint: (body, context) => {
    const name = body['configureFailPoint'];
    if (name !== 'maxTimeAlwaysTimeOut') throw unsupported(`The fail point ${String(name)}`);
    const mode = body['mode'];
    if (mode === 'alwaysOn') context.failPoints.add(name);
    else if (mode === 'off') context.failPoints.delete(name);
    else throw new MongoCommandError(ErrorCode.BadValue, "mode must be 'alwaysOn' or 'off'");
    return { count: 0, ok: 1 };
  },
  getLog: (body) =>
    body['getLog'] === '*' ? { names: ['global', 'startupWarnings'], ok: 1 } : { totalLinesWritten: 0, log: [], ok: 1 },
};

const maxTtlSleepSecs = Math.floor(2 ** 31 / 1000) - 1;

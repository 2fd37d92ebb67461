import os from 'node:os';
import { Long, ObjectId, type Document } from 'bson';
import { maxBsonObjectSize, maxMessageSizeBytes, maxWriteBatchSize } from '../wire/wire-message.js';
import type { CommandContext, CommandHandler } from './command-context.js';

/** Wire version 21 is MongoDB 7.0: the driver then uses OP_MSG, sessions and change streams. */
export const maxWireVersion = 21;
const electionId = new ObjectId('7fffffff0000000000000001');

/**
 * A one-node replica set's hello. `topologyVersion` is left out on purpose: the driver then
 * polls with plain hellos instead of holding an exhaust stream open per monitor.
 */
function hello(legacy: boolean): CommandHandler {
  return (_body, context) => {
    const { server } = context;
    const time = context.changes.latestTime;
    const opTime = { ts: time, t: Long.fromNumber(1) };
    return {
      ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
      helloOk: true,
      setName: server.replSetName,
      setVersion: 1,
      hosts: [server.advertisedAddress],
      primary: server.advertisedAddress,
      me: server.advertisedAddress,
      secondary: false,
      electionId,
      lastWrite: {
        opTime,
        lastWriteDate: new Date(time.high * 1000),
        majorityOpTime: opTime,
        majorityWriteDate: new Date(time.high * 1000),
      },
      maxBsonObjectSize,
      maxMessageSizeBytes,
      maxWriteBatchSize,
      localTime: new Date(),
      logicalSessionTimeoutMinutes: 30,
      connectionId: context.connection.id,
      minWireVersion: 0,
      maxWireVersion,
      readOnly: false,
      ok: 1,
    };
  };
}

function buildInfo(context: CommandContext): Document {
  const [major = 7, minor = 0, patch = 0] = context.server.version.split('.').map(Number);
  return {
    version: context.server.version,
    gitVersion: 'rtlab-lite',
    versionArray: [major, minor, patch, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize,
    storageEngines: ['rtlab-lite'],
    modules: [],
    openssl: { running: 'disabled' },
    javascriptEngine: 'none',
    sysInfo: 'rtlab embedded MongoDB-compatible engine',
    ok: 1,
  };
}

export const handshakeCommands: Record<string, CommandHandler> = {
  hello: hello(false),
  ismaster: hello(true),
  isMaster: hello(true),
  buildInfo: (_body, context) => buildInfo(context),
  buildinfo: (_body, context) => buildInfo(context),
  ping: () => ({ ok: 1 }),
  endSessions: () => ({ ok: 1 }),
  whatsmyuri: (_body, context) => ({ you: context.connection.remoteAddress, ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  hostInfo: () => ({
    system: {
      currentTime: new Date(),
      hostname: os.hostname(),
      cpuAddrSize: 64,
      memSizeMB: Math.round(os.totalmem() / 2 ** 20),
      numCores: os.cpus().length,
      cpuArch: os.arch(),
    },
    os: { type: os.type(), name: os.platform(), version: os.release() },
    extra: {},
    ok: 1,
  }),
  getCmdLineOpts: () => ({ argv: ['rtlab', 'mongo', 'serve'], parsed: {}, ok: 1 }),
};

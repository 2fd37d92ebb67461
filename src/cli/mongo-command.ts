import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, toListenError } from '../errors.js';
import { createLoggerFactory } from '../log/create-logger-factory.js';
import { startMongoLite } from '../mongo/lite/server/start-mongo-lite.js';
import {
  claimEngineRecord,
  engineRecordPath,
  publishEngineRecord,
  releaseEngineRecord,
} from '../runtime/shared-mongo/engine-record.js';
import { ensureServicePortFree } from '../runtime/ports/ensure-service-port-free.js';
import { stopSharedEngine } from '../runtime/shared-mongo/stop-shared-engine.js';
import { labMongo } from '../services/registry/mongo.js';
import { isColorEnabled, type CliContext, type GlobalOptions } from './cli-context.js';
import { loadCliConfig } from './load-cli-config.js';
import { parsePortFlag } from './parse-flags.js';
import { waitForStop } from './wait-for-stop.js';

interface MongoServeFlags {
  port?: string;
  host: string;
  dbpath?: string;
  persist: boolean;
  fresh?: boolean;
  repair?: boolean;
}

export function registerMongoCommand(program: Command, context: CliContext): void {
  const mongo = program.command('mongo').description("rtlab's embedded MongoDB-compatible server");
  mongo
    .command('serve')
    .description('run the embedded MongoDB-compatible server in the foreground; any MongoDB driver or tool can connect')
    .option('--port <port>', 'port to listen on (default: MONGO_PORT, 27017)')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--dbpath <dir>', 'data directory (default: <RTLAB_HOME>/data)')
    .option('--no-persist', 'keep data in memory only')
    .option('--fresh', 'delete the data directory first')
    .option(
      '--repair',
      'start even if a data file is damaged: keep every valid record, set the damaged file aside, log what was lost',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  rtlab mongo serve                    then, in another terminal: mongosh mongodb://127.0.0.1:27017/\n  rtlab mongo serve --port 27018 --fresh\n  rtlab mongo serve --repair',
    )
    .action(async (flags: MongoServeFlags, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      // A bad flag is refused before anything is written (a .env, a data folder).
      const portFlag = flags.port === undefined ? undefined : parsePortFlag(flags.port);
      const config = loadCliConfig(context, globals);
      const port = portFlag ?? config.ports.mongo;
      const dbPath = flags.persist
        ? path.resolve(config.cwd, flags.dbpath ?? path.join(config.home, 'data'))
        : undefined;
      // The lab's own data directory is recorded (and locked) in RTLAB_HOME, so that services find
      // this engine and no second engine opens the same journal.
      const isLabEngine = dbPath === path.join(config.home, 'data');
      if (isLabEngine) claimEngineRecord(config.home, { pid: process.pid, dbPath });
      if (flags.fresh === true && dbPath !== undefined) rmSync(dbPath, { recursive: true, force: true });
      const logs = createLoggerFactory({
        logDir: path.join(config.home, 'logs'),
        level: config.logLevel,
        console: { color: isColorEnabled(context.stderr, context.env, globals.color) },
      });
      const logger = logs.forService(labMongo.name);
      try {
        const server = await startMongoLite({
          port,
          host: flags.host,
          ...(dbPath === undefined ? {} : { dbPath }),
          repair: flags.repair === true,
          changeHistorySize: config.mongoChangeHistory,
          logger,
        }).catch(async (error: unknown) => {
          // Busy: name what holds the port, as rtlab serve does; otherwise the plain listen error.
          if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
            await ensureServicePortFree({
              service: labMongo.name,
              port,
              host: flags.host,
              setting: labMongo.portSetting,
            });
          throw toListenError(error, { port, service: labMongo.name, setting: `${labMongo.portSetting} or --port` });
        });
        if (isLabEngine)
          publishEngineRecord(config.home, {
            pid: process.pid,
            dbPath,
            uri: server.uri,
            port: server.port,
            startedAt: new Date().toISOString(),
          });
        // Stopped while it started (a long journal replay), it never served: the exit code says interrupted.
        const servedBeforeStop = !context.signal.aborted;
        context.stdout.write(`${server.uri}\n`);
        logger.info('MongoDB-compatible server listening', { uri: server.uri, dbPath: dbPath ?? 'in memory' });
        await waitForStop(context.signal);
        await server.stop();
        logger.info('MongoDB-compatible server stopped');
        // For a server, being stopped once it serves is its normal end.
        if (servedBeforeStop) context.exitCode = ExitCode.ok;
      } finally {
        if (isLabEngine) releaseEngineRecord(config.home, process.pid);
        logs.close();
      }
    });

  mongo
    .command('stop')
    .description("stop the lab's embedded MongoDB (the one services start for each other, or rtlab mongo serve)")
    .action(async (_flags: unknown, command: Command) => {
      // Stopping writes nothing: no .env is created, and only RTLAB_HOME must be valid.
      const config = loadCliConfig(context, command.optsWithGlobals<GlobalOptions>(), {
        readOnly: true,
        reads: ['home'],
      });
      const result = await stopSharedEngine(config.home);
      if (!result.stopped)
        context.stdout.write(
          `No embedded MongoDB is running for this lab (nothing recorded in ${engineRecordPath(config.home)}).\n`,
        );
      else
        context.stdout.write(
          `Stopped the embedded MongoDB (pid ${result.record.pid}${result.record.uri === undefined ? '' : `, ${result.record.uri}`})${result.forced ? ' with SIGKILL: it did not stop within 10 s' : ''}.\n`,
        );
      context.exitCode = ExitCode.ok;
    });
}

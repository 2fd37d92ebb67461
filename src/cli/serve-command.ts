import path from 'node:path';
import { Argument, Option, type Command } from 'commander';
import { isLoopbackHost } from '../config/is-loopback-host.js';
import { portKeys, type LabConfig, type LabPorts } from '../config/lab-config.js';
import { ensureServicePortFree } from '../doctor/ensure-service-port-free.js';
import { ExitCode, UsageError } from '../errors.js';
import { parseDurationMs } from '../log/parse-since.js';
import { parseRetrySchedule } from '../services/webhooks/sender/retry-schedule.js';
import { createLoggerFactory } from '../log/create-logger-factory.js';
import { parseMongoMode, type MongoMode } from '../mongo/start-lab-mongo.js';
import { openLabDatabase } from '../runtime/open-lab-database.js';
import { serviceStarters, servicesWithoutDatabase } from '../runtime/service-starters.js';
import { isColorEnabled, type CliContext, type GlobalOptions } from './cli-context.js';
import { loadCliConfig } from './load-cli-config.js';
import { parsePortFlag } from './parse-flags.js';
import { waitForStop } from './wait-for-stop.js';

interface ServeFlags {
  port?: string;
  timeScale?: string;
  retrySchedule?: string;
  mongo?: string;
}

export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('run one lab service in the foreground (what child processes and containers run)')
    .addArgument(new Argument('<service>', 'the service to run').choices(Object.keys(serviceStarters)))
    .option('--port <port>', "override the service's port setting")
    .addOption(new Option('--time-scale <factor>', 'multiply retry waits (webhooks-sender; 0.1 = ten times faster)'))
    .option('--retry-schedule <waits>', 'waits between delivery attempts (webhooks-sender), such as 1s,2s,5s,10s,30s')
    .option('--mongo <lite|memory|url>', 'which MongoDB: the embedded engine (lite), a real mongod from mongodb-memory-server (memory), or a connection string')
    .addHelpText('after', '\nMongoDB: --mongo, else MONGO_URL when set, else the shared embedded engine of the lab (MONGO_PORT), started as its own process if none is running.\nExit code 2 for a bad flag or configuration, 3 when the port is busy (naming the process that holds it): both before any MongoDB is started.\nHOST (default 127.0.0.1) is the address it listens on; any other opens it to the network and requires RTLAB_API_TOKEN.\n\nExamples:\n  rtlab serve webhooks-receiver\n  rtlab serve webhooks-sender --time-scale 0.1')
    .action(async (service: string, flags: ServeFlags, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const config = loadCliConfig(context, globals);
      // Every flag and the port are checked before anything is started: a typo or a busy port
      // must not leave an embedded MongoDB started, a data folder written or a log line behind.
      const mode = parseMongoFlag(flags.mongo);
      const overrides = { ...(flags.port === undefined ? {} : { port: parsePortFlag(flags.port) }), ...parseTimeScale(flags.timeScale), ...parseSchedule(flags.retrySchedule) };
      const { key: setting, port: configuredPort } = portSettingOf(service, config);
      await ensureServicePortFree({ service, port: overrides.port ?? configuredPort, host: config.host, setting });

      const logs = createLoggerFactory({ logDir: path.join(config.home, 'logs'), level: config.logLevel, console: { color: isColorEnabled(context.stderr, context.env, globals.color) } });
      try {
        const database = servicesWithoutDatabase.has(service) ? undefined : await openLabDatabase(config, logs.forService('mongo'), mode);
        try {
          const started = await serviceStarters[service]!({ config, logs, db: database?.connection.db, overrides });
          writeOpenHostNotice(context, config, service, started.port);
          await waitForStop(context.signal);
          await started.stop();
          logs.forService(service).info(`${service} stopped`);
          // It outlives this service on purpose; say so, or a learner thinks it stopped too.
          if (database?.startedEngine !== undefined) logs.forService('mongo').info(`The embedded MongoDB keeps running for the other services (pid ${database.startedEngine.pid}); stop it with: rtlab mongo stop`);
        } finally {
          await database?.close();
        }
        context.exitCode = ExitCode.ok;
      } finally {
        logs.close();
      }
    });
}

function portSettingOf(service: string, config: LabConfig): { key: string; port: number } {
  const entry = Object.entries(portKeys).find(([, keys]) => keys.service === service);
  if (entry === undefined) throw new Error(`${service} has no port setting in portKeys`);
  return { key: entry[1].key, port: config.ports[entry[0] as keyof LabPorts] };
}

/**
 * Off loopback the service answers the network; say so, and how to call what now needs the
 * token. The token is printed here, on the terminal of whoever started the lab, never logged.
 */
function writeOpenHostNotice(context: CliContext, config: LabConfig, service: string, port: number): void {
  if (isLoopbackHost(config.host)) return;
  context.stderr.write(`! HOST=${config.host}: ${service} accepts connections from the network on port ${port} (set HOST=127.0.0.1 to keep it to this machine).\n`);
  const token = config.apiToken ?? '';
  if (service === 'ws-client') context.stderr.write(`  Open the dashboard with its token: http://127.0.0.1:${port}/?token=${encodeURIComponent(token)} (from another machine, use this machine's address)\n`);
  if (service === 'webhooks-sender') context.stderr.write(`  /send needs the token: curl -H "Authorization: Bearer <RTLAB_API_TOKEN from .env>" http://127.0.0.1:${port}/send\n`);
}

function parseTimeScale(text: string | undefined): { timeScale?: number } {
  if (text === undefined) return {};
  const factor = Number(text);
  if (!Number.isFinite(factor) || factor <= 0) throw new UsageError(`--time-scale ${JSON.stringify(text)} is not a positive number.`, { hint: 'Use, for example, --time-scale 0.1 for retries ten times faster.' });
  return { timeScale: factor };
}

function parseMongoFlag(text: string | undefined): MongoMode | undefined {
  if (text === undefined) return undefined;
  const mode = parseMongoMode(text);
  if (mode === undefined) throw new UsageError(`--mongo ${JSON.stringify(text)} is not lite, memory or a mongodb:// connection string.`, { hint: 'For example: --mongo lite, --mongo memory, --mongo mongodb://localhost:27017' });
  return mode;
}

function parseSchedule(text: string | undefined): { retryScheduleMs?: number[] } {
  if (text === undefined) return {};
  const schedule = parseRetrySchedule(text, parseDurationMs);
  if (schedule === undefined) throw new UsageError(`--retry-schedule ${JSON.stringify(text)} is not a comma-separated list of durations.`, { hint: 'For example --retry-schedule 1s,2s,5s (three retries after the first attempt).' });
  return { retryScheduleMs: schedule };
}

import path from 'node:path';
import { Argument, Option, type Command } from 'commander';
import { isLoopbackHost } from '../config/is-loopback-host.js';
import { toConfiguredPort, type LabConfig } from '../config/lab-config.js';
import { ExitCode, UsageError } from '../errors.js';
import { parseDurationMs } from '../log/parse-since.js';
import { parseRetrySchedule } from '../services/webhooks/sender/retry-schedule.js';
import { createLoggerFactory } from '../log/create-logger-factory.js';
import { ensureServicePortFree } from '../runtime/ports/ensure-service-port-free.js';
import { startLabService } from '../runtime/start-lab-service.js';
import { findLabService, labServices } from '../services/registry.js';
import { labMongo } from '../services/registry/mongo.js';
import type { ServiceDefinition, ServiceTuning, StartedService } from '../services/registry/service-definition.js';
import { isColorEnabled, type CliContext, type GlobalOptions } from './cli-context.js';
import { loadCliConfig } from './load-cli-config.js';
import { parseChoice } from './parse-choice.js';
import { parsePortFlag, parsePositiveNumberFlag } from './parse-flags.js';
import { waitForStop } from './wait-for-stop.js';

interface ServeFlags {
  port?: string;
  timeScale?: string;
  retrySchedule?: string;
  mongo?: string;
}

export function registerServeCommand(program: Command, context: CliContext): void {
  const serviceNames = labServices.map((service) => service.name);
  program
    .command('serve')
    .description('run one lab service in the foreground (what child processes and containers run)')
    .addArgument(
      new Argument('<service>', 'the service to run').choices(serviceNames).argParser(parseChoice(serviceNames)),
    )
    .option('--port <port>', "override the service's port setting")
    .addOption(new Option('--time-scale <factor>', 'multiply retry waits (webhooks-sender; 0.1 = ten times faster)'))
    .option('--retry-schedule <waits>', 'waits between delivery attempts (webhooks-sender), such as 1s,2s,5s,10s,30s')
    .option(
      '--mongo <lite|memory|url>',
      'which MongoDB: the embedded engine (lite), a real mongod from mongodb-memory-server (memory), or a connection string',
    )
    .addHelpText(
      'after',
      '\nMongoDB: --mongo, else MONGO_URL when set, else the shared embedded engine of the lab (MONGO_PORT), started as its own process if none is running.\nExit code 2 for a bad flag or configuration, 3 when the port is busy (naming the process that holds it): both before any MongoDB is started.\nRTLAB_HOST (default 127.0.0.1) is the address it listens on; any other opens it to the network and requires RTLAB_API_TOKEN.\n\nExamples:\n  rtlab serve webhooks-receiver\n  rtlab serve webhooks-sender --time-scale 0.1',
    )
    .action(async (name: string, flags: ServeFlags, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const definition = findLabService(name);
      if (definition === undefined) throw new Error(`${name} passed commander's choices but is not in the registry`);
      // Every flag and the port are checked before anything is started: a typo or a busy port
      // must not leave an embedded MongoDB started, a data folder written or a log line behind.
      const port = flags.port === undefined ? undefined : String(parsePortFlag(flags.port));
      const tuning: ServiceTuning = { ...parseTimeScale(flags.timeScale), ...parseSchedule(flags.retrySchedule) };
      // --port is the service's port setting for this run, so that what derives from it follows.
      const config = loadCliConfig(context, globals, { flags: { [definition.portSetting]: port }, mongo: flags.mongo });
      await ensureServicePortFree({
        service: name,
        port: toConfiguredPort(config, definition.portSetting),
        host: config.host,
        setting: definition.portSetting,
      });

      const logs = createLoggerFactory({
        logDir: path.join(config.home, 'logs'),
        level: config.logLevel,
        console: { color: isColorEnabled(context.stderr, context.env, globals.color) },
      });
      try {
        const running = await startLabService(definition, { config, logs, tuning });
        // Stopped while it started, it never served: the exit code says interrupted, as for any command.
        const servedBeforeStop = !context.signal.aborted;
        writeOpenHostNotice(context, config, definition, running.service);
        await waitForStop(context.signal);
        await running.stop();
        logs.forService(name).info(`${name} stopped`);
        // It outlives this service on purpose; say so, or a learner thinks it stopped too.
        const engine = running.database?.startedEngine;
        if (engine !== undefined)
          logs
            .forService(labMongo.name)
            .info(
              `The embedded MongoDB keeps running for the other services (pid ${engine.pid}); stop it with: rtlab mongo stop`,
            );
        // For a server, being stopped once it serves is its normal end.
        if (servedBeforeStop) context.exitCode = ExitCode.ok;
      } finally {
        logs.close();
      }
    });
}

/**
 * Off loopback the service answers the network; say so, and how to call what now needs the
 * token. The token is printed here, on the terminal of whoever started the lab, never logged.
 */
function writeOpenHostNotice(
  context: CliContext,
  config: LabConfig,
  definition: ServiceDefinition,
  service: StartedService,
): void {
  if (isLoopbackHost(config.host)) return;
  context.stderr.write(
    `! ${config.hostSetting}=${config.host}: ${service.name} accepts connections from the network on port ${service.port} (set ${config.hostSetting}=127.0.0.1 to keep it to this machine).\n`,
  );
  const hint = definition.openAccessHint?.(service.url, config.apiToken ?? '');
  if (hint !== undefined) context.stderr.write(`  ${hint}\n`);
}

function parseTimeScale(text: string | undefined): { timeScale?: number } {
  if (text === undefined) return {};
  return {
    timeScale: parsePositiveNumberFlag('--time-scale', text, { what: 'for retries ten times faster', example: '0.1' }),
  };
}

function parseSchedule(text: string | undefined): { retryScheduleMs?: number[] } {
  if (text === undefined) return {};
  const schedule = parseRetrySchedule(text, parseDurationMs);
  if (schedule === undefined)
    throw new UsageError(`--retry-schedule ${JSON.stringify(text)} is not a comma-separated list of durations.`, {
      hint: 'For example --retry-schedule 1s,2s,5s (three retries after the first attempt).',
    });
  return { retryScheduleMs: schedule };
}

import type { Command } from 'commander';
import { formatBenchTable } from '../bench/format-bench-table.js';
import { ExitCode, UsageError } from '../errors.js';
import { benchMongo } from '../bench/mongo/bench-mongo.js';
import { benchFaults } from '../bench/faults/bench-faults.js';
import { benchWebhooks } from '../bench/webhooks/bench-webhooks.js';
import { benchWs, type WsPhaseResult } from '../bench/ws/bench-ws.js';
import type { CliContext, GlobalOptions } from './cli-context.js';
import { loadCliConfig } from './load-cli-config.js';
import { parseDurationFlag, parseWholeNumberFlag } from './parse-flags.js';

interface BenchMongoFlags {
  duration: string;
  documents: string;
  json?: boolean;
}

export function registerBenchCommand(program: Command, context: CliContext): void {
  const bench = program.command('bench').description('measure a domain against a baseline in the same run');
  bench
    .command('mongo')
    .description('the embedded MongoDB engine against the driver-bound ceiling (a wire server that does no work)')
    .option('--duration <time>', 'total measuring time, shared by all workloads', '10s')
    .option('--documents <count>', 'size of the collection the indexed find searches', '100000')
    .option('--json', 'print the results as JSON')
    .action(async (flags: BenchMongoFlags) => {
      const durationMs = parseDurationFlag(flags.duration, 800);
      const documents = parseWholeNumberFlag('--documents', flags.documents, { min: 1 });
      const result = await benchMongo({ durationMs, documents, onProgress: (line) => context.stderr.write(`${line}\n`) });
      if (flags.json === true) {
        context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      context.stdout.write(`${formatBenchTable(result.rows, { measured: 'embedded', baseline: 'ceiling' })}\n\n`);
      writeTargets(context, result.targets);
    });

  bench
    .command('webhooks')
    .description('signed deliveries through the whole receiver path against a verify-only route, in the same run')
    .option('--duration <time>', 'total measuring time, half for each side', '10s')
    .option('--connections <n>', 'concurrent HTTP connections', '50')
    .option('--json', 'print the results as JSON')
    .action(async (flags: { duration: string; connections: string; json?: boolean }, command: Command) => {
      const durationMs = parseDurationFlag(flags.duration, 2000);
      const connections = parseWholeNumberFlag('--connections', flags.connections, { min: 1, max: 1000 });
      const config = loadCliConfig(context, command.optsWithGlobals<GlobalOptions>());
      const result = await benchWebhooks({ durationMs, connections, logDir: `${config.home}/logs/bench`, cwd: config.cwd, env: context.env, onProgress: (line) => context.stderr.write(`${line}\n`) });
      if (flags.json === true) return void context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      context.stdout.write(`${formatBenchTable([result.comparison], { measured: 'receiver', baseline: 'verify-only' })}\n\n`);
      writeTargets(context, result.targets);
    });

  bench
    .command('ws')
    .description('notifications through /internal to clients on /notifications, against a raw Socket.IO broadcast')
    .option('--clients <n>', 'connected clients', '200')
    .option('--rate <n>', 'notifications per second in the paced phase', '100')
    .option('--duration <time>', 'total measuring time', '10s')
    .option('--json', 'print the results as JSON')
    .action(async (flags: { clients: string; rate: string; duration: string; json?: boolean }, command: Command) => {
      const durationMs = parseDurationFlag(flags.duration, 2000);
      const clients = parseWholeNumberFlag('--clients', flags.clients, { min: 1, max: 5000 });
      const rate = Number(flags.rate);
      if (!Number.isFinite(rate) || rate <= 0 || rate > 100_000) throw new UsageError(`--rate ${JSON.stringify(flags.rate)} must be a positive number of notifications per second.`);
      const config = loadCliConfig(context, command.optsWithGlobals<GlobalOptions>());
      const result = await benchWs({ clients, rate, durationMs, cwd: config.cwd, env: context.env, logDir: `${config.home}/logs/bench`, onProgress: (line) => context.stderr.write(`${line}\n`) });
      if (flags.json === true) return void context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      const row = (name: string, phase: WsPhaseResult) => `${name.padEnd(24)} ${phase.deliveriesPerSecond.toFixed(0).padStart(10)} ${phase.p50Ms.toFixed(2).padStart(8)} ${phase.p99Ms.toFixed(2).padStart(8)} ${String(phase.lost).padStart(6)}`;
      context.stdout.write(`${'phase'.padEnd(24)} ${'deliv/s'.padStart(10)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'lost'.padStart(6)}\n`);
      context.stdout.write(`${[row(`paced lab (${rate}/s)`, result.paced.lab), row(`paced raw (${rate}/s)`, result.paced.raw), row('flat out lab', result.flatOut.lab), row('flat out raw', result.flatOut.raw)].join('\n')}\n\n`);
      writeTargets(context, result.targets);
    });

  registerBenchFaults(bench, context);
}

function registerBenchFaults(bench: Command, context: CliContext): void {
  bench
    .command('faults')
    .description('deliveries at a steady rate while the receiver, the ws-server and MongoDB are each killed (SIGKILL) and restarted; counts what was lost')
    .option('--duration <time>', 'how long events are delivered; the crashes happen at 20 %, 45 % and 70 % of it', '30s')
    .option('--rate <n>', 'new events per second', '50')
    .option('--json', 'print the results as JSON')
    .addHelpText('after', '\nExit code 1 when any acknowledged event was lost (not stored, not handled exactly once, or never notified).')
    .action(async (flags: { duration: string; rate: string; json?: boolean }) => {
      const durationMs = parseDurationFlag(flags.duration, 5000);
      const ratePerSecond = parseWholeNumberFlag('--rate', flags.rate, { min: 1, max: 2000 });
      const result = await benchFaults({ durationMs, ratePerSecond, env: context.env, signal: context.signal, onProgress: (line) => context.stderr.write(`${line}\n`) });
      if (flags.json === true) context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else {
        const lines = [
          ['events sent', result.sent],
          ['acknowledged (2xx)', result.acknowledged],
          ['stored', result.stored],
          ['handled exactly once', result.handledExactlyOnce],
          ['notifications received', result.notified],
          ['received twice', result.duplicateNotifications],
          ['skipped by a reset', result.skippedByReset],
          ['lost', result.lost],
        ] as const;
        context.stdout.write(`${lines.map(([name, value]) => `${name.padEnd(24)} ${String(value).padStart(8)}`).join('\n')}\n`);
        context.stdout.write(`faults: ${result.faults.map((fault) => `${fault.service} killed at ${(fault.killedAtMs / 1000).toFixed(1)} s, back at ${(fault.restartedAtMs / 1000).toFixed(1)} s`).join('; ')}\n\n`);
        for (const example of result.lostExamples) context.stdout.write(`  lost ${example.eventId}: ${example.status}, applied ${example.applications}×, outbox ${example.outbox}, ${example.notificationStored ? 'stored by the ws-server' : 'not stored by the ws-server'}, ${example.notified ? 'received' : 'never received'}\n`);
        writeTargets(context, result.targets);
      }
      if (result.lost > 0) context.exitCode = ExitCode.scenarioFailed;
    });
}

/** One line per target of the issue, checked on this run's figures. */
function writeTargets(context: CliContext, targets: ReadonlyArray<{ name: string; met: boolean; detail: string }>): void {
  for (const target of targets) context.stdout.write(`${target.met ? '✓' : '✗'} ${target.name}: ${target.detail}\n`);
}

import { Option, type Command } from 'commander';
import { toBenchExitCode } from '../bench/bench-exit-code.js';
import type { BenchReport } from '../bench/bench-report.js';
import type { BenchFaultsResult } from '../bench/faults/bench-faults.js';
import type { BenchRpc } from '../bench/grpc/load-order-calls.js';
import { formatBenchReport } from '../bench/format-bench-report.js';
import { isColorEnabled, type CliContext, type GlobalOptions } from './cli-context.js';
import { loadCliConfig } from './load-cli-config.js';
import { parseChoice } from './parse-choice.js';
import { parseDurationFlag, parsePositiveNumberFlag, parseWholeNumberFlag } from './parse-flags.js';

interface ReportFlags {
  json?: boolean;
  strict?: boolean;
}

const exitCodeHelp = `
Goals are ratios to a baseline measured in alternating rounds of the same run, so they hold on a
slow machine as on a fast one. Exit codes: 1 when a correctness check fails (an acknowledged event
lost, a notification received twice); a missed performance goal is printed (✗) and exits 0, unless
--strict, which makes it exit 1 too. --json prints { comparisons: [{ name, measured, baseline,
ratio, goal, met }], checks: [{ name, passed, detail }], … }.`;

// Each action imports its benchmark when it runs, so that `rtlab --help` does not load autocannon,
// Socket.IO and the engine.
export function registerBenchCommand(program: Command, context: CliContext): void {
  const bench = program.command('bench').description('measure a domain against a baseline in the same run');
  bench
    .command('mongo')
    .description('the embedded MongoDB engine against the driver-bound ceiling (a wire server that does no work)')
    .option('--duration <time>', 'total measuring time, shared by all workloads', '10s')
    .option('--documents <count>', 'size of the collection the indexed find searches', '100000')
    .option('--json', 'print the results as JSON')
    .option('--strict', 'exit 1 when a performance goal is missed, not only when a check fails')
    .addHelpText('after', exitCodeHelp)
    .action(async (flags: ReportFlags & { duration: string; documents: string }, command: Command) => {
      const durationMs = parseDurationFlag(flags.duration, 800);
      const documents = parseWholeNumberFlag('--documents', flags.documents, { min: 1 });
      const { benchMongo } = await import('../bench/mongo/bench-mongo.js');
      const result = await benchMongo({
        durationMs,
        documents,
        signal: context.signal,
        onProgress: (line) => context.stderr.write(`${line}\n`),
      });
      writeBenchReport(context, command, flags, result);
    });

  bench
    .command('webhooks')
    .description(
      'signed deliveries through the whole receiver path against a seed-style receiver and a verify-only route, in alternating rounds',
    )
    .option('--duration <time>', 'total measuring time, shared by the four receivers (rounds of at least 1 s)', '12s')
    .option('--connections <n>', 'concurrent HTTP connections', '50')
    .option('--json', 'print the results as JSON')
    .option('--strict', 'exit 1 when a performance goal is missed, not only when a check fails')
    .addHelpText('after', exitCodeHelp)
    .action(async (flags: ReportFlags & { duration: string; connections: string }, command: Command) => {
      // Its rounds are checked by the benchmark itself (at least 1 s each), before it starts anything.
      const durationMs = parseDurationFlag(flags.duration, 1);
      const connections = parseWholeNumberFlag('--connections', flags.connections, { min: 1, max: 1000 });
      const config = loadCliConfig(context, command.optsWithGlobals<GlobalOptions>());
      const { benchWebhooks } = await import('../bench/webhooks/bench-webhooks.js');
      const result = await benchWebhooks({
        durationMs,
        connections,
        logDir: `${config.home}/logs/bench`,
        cwd: config.cwd,
        env: context.env,
        onProgress: (line) => context.stderr.write(`${line}\n`),
      });
      writeBenchReport(context, command, flags, result);
    });

  bench
    .command('ws')
    .description(
      'notifications through /internal to clients on /notifications, against a raw Socket.IO broadcast, in alternating rounds',
    )
    .option('--clients <n>', 'connected clients', '200')
    .option('--rate <n>', 'notifications per second in the paced phases', '100')
    .option('--duration <time>', 'total measuring time', '10s')
    .option('--json', 'print the results as JSON')
    .option('--strict', 'exit 1 when a performance goal is missed, not only when a check fails')
    .addHelpText('after', exitCodeHelp)
    .action(async (flags: ReportFlags & { clients: string; rate: string; duration: string }, command: Command) => {
      const durationMs = parseDurationFlag(flags.duration, 2000);
      const clients = parseWholeNumberFlag('--clients', flags.clients, { min: 1, max: 5000 });
      const rate = parsePositiveNumberFlag('--rate', flags.rate, {
        what: 'notifications per second',
        max: 100_000,
        example: '100',
      });
      const config = loadCliConfig(context, command.optsWithGlobals<GlobalOptions>());
      const { benchWs } = await import('../bench/ws/bench-ws.js');
      const result = await benchWs({
        clients,
        rate,
        durationMs,
        cwd: config.cwd,
        env: context.env,
        logDir: `${config.home}/logs/bench`,
        signal: context.signal,
        onProgress: (line) => context.stderr.write(`${line}\n`),
      });
      writeBenchReport(context, command, flags, result);
    });

  registerBenchFaults(bench, context);
  registerBenchGrpc(bench, context);
  registerBenchLab(bench, context);
}

function registerBenchLab(bench: Command, context: CliContext): void {
  bench
    .command('lab')
    .description(
      "whole-process runs of rtlab up -d to every service ready against a bare node -e 0, the idle lab's memory, and rtlab down",
    )
    .option('--runs <n>', 'labs started and stopped; the medians are compared with the goals', '5')
    .option('--docker', 'the docker runtime instead: rtlab up --docker -d with the image built, and rtlab down')
    .option('--json', 'print the results as JSON')
    .option('--strict', 'exit 1 when a performance goal is missed, not only when a check fails')
    .addHelpText('after', exitCodeHelp)
    .action(async (flags: ReportFlags & { runs: string; docker?: boolean }, command: Command) => {
      const runs = parseWholeNumberFlag('--runs', flags.runs, { min: 1, max: 50 });
      const config = loadCliConfig(context, command.optsWithGlobals<GlobalOptions>());
      const benchLab =
        flags.docker === true
          ? (await import('../bench/lab/bench-docker-lab.js')).benchDockerLab
          : (await import('../bench/lab/bench-lab.js')).benchLab;
      const result = await benchLab({
        runs,
        parent: `${config.home}/bench`,
        env: context.env,
        signal: context.signal,
        onProgress: (line) => context.stderr.write(`${line}\n`),
      });
      writeBenchReport(context, command, flags, result);
    });
}

function registerBenchGrpc(bench: Command, context: CliContext): void {
  const rpcs = ['create', 'get', 'stream'];
  bench
    .command('grpc')
    .description(
      "rtlab's OrderService against a bare grpc-js echo and a seed-style server (no auth, one awaited write per call), in alternating rounds",
    )
    .option('--duration <time>', 'total measuring time, shared by the sides', '10s')
    .option('--concurrency <n>', 'calls in flight at once', '50')
    .addOption(
      new Option('--rpc <rpc>', 'create: CreateOrder; get: GetOrder; stream: GetOrders (msgs/s)')
        .choices(rpcs)
        .argParser(parseChoice(rpcs))
        .default('create'),
    )
    .option('--json', 'print the results as JSON')
    .option('--strict', 'exit 1 when a performance goal is missed, not only when a check fails')
    .addHelpText('after', exitCodeHelp)
    .action(async (flags: ReportFlags & { duration: string; concurrency: string; rpc: BenchRpc }, command: Command) => {
      const durationMs = parseDurationFlag(flags.duration, 1500);
      const concurrency = parseWholeNumberFlag('--concurrency', flags.concurrency, { min: 1, max: 1000 });
      const config = loadCliConfig(context, command.optsWithGlobals<GlobalOptions>());
      const { benchGrpc } = await import('../bench/grpc/bench-grpc.js');
      const { formatGrpcSides } = await import('../bench/grpc/format-grpc-sides.js');
      const result = await benchGrpc({
        rpc: flags.rpc,
        durationMs,
        concurrency,
        logDir: `${config.home}/logs/bench`,
        cwd: config.cwd,
        env: context.env,
        onProgress: (line) => context.stderr.write(`${line}\n`),
      });
      if (flags.json !== true) context.stdout.write(formatGrpcSides(result));
      writeBenchReport(context, command, flags, result);
    });
}

function registerBenchFaults(bench: Command, context: CliContext): void {
  bench
    .command('faults')
    .description(
      'deliveries at a steady rate while the receiver, the ws-server and MongoDB are each killed (SIGKILL) and restarted; counts what was lost',
    )
    .option(
      '--duration <time>',
      'how long events are delivered; the crashes happen at 20 %, 45 % and 70 % of it',
      '30s',
    )
    .option('--rate <n>', 'new events per second', '50')
    .option('--json', 'print the results as JSON')
    .addHelpText(
      'after',
      '\nExit code 1 when a check fails: an acknowledged event lost (not stored, not handled exactly once, or never notified), a notification received twice, or an event never acknowledged.',
    )
    .action(async (flags: ReportFlags & { duration: string; rate: string }, command: Command) => {
      const durationMs = parseDurationFlag(flags.duration, 5000);
      const ratePerSecond = parseWholeNumberFlag('--rate', flags.rate, { min: 1, max: 2000 });
      const { benchFaults } = await import('../bench/faults/bench-faults.js');
      const result = await benchFaults({
        durationMs,
        ratePerSecond,
        env: context.env,
        signal: context.signal,
        onProgress: (line) => context.stderr.write(`${line}\n`),
      });
      if (flags.json !== true) context.stdout.write(formatFaultCounts(result));
      writeBenchReport(context, command, flags, result);
    });
}

/** What became of the events, before the checks. */
function formatFaultCounts(result: BenchFaultsResult): string {
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
  const faults = result.faults
    .map(
      (fault) =>
        `${fault.service} killed at ${(fault.killedAtMs / 1000).toFixed(1)} s, back at ${(fault.restartedAtMs / 1000).toFixed(1)} s`,
    )
    .join('; ');
  const examples = result.lostExamples.map(
    (example) =>
      `  lost ${example.eventId}: ${example.status}, applied ${example.applications}×, outbox ${example.outbox}, ${example.notificationStored ? 'stored by the ws-server' : 'not stored by the ws-server'}, ${example.notified ? 'received' : 'never received'}\n`,
  );
  return `${lines.map(([name, value]) => `${name.padEnd(24)} ${String(value).padStart(8)}`).join('\n')}\nfaults: ${faults}\n\n${examples.join('')}`;
}

/** JSON or the table, then the exit code: 1 for a failed check, or for a missed goal under --strict. */
function writeBenchReport(context: CliContext, command: Command, flags: ReportFlags, report: BenchReport): void {
  if (flags.json === true) context.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else
    context.stdout.write(
      `${formatBenchReport(report, { color: isColorEnabled(context.stdout, context.env, command.optsWithGlobals<GlobalOptions>().color) })}\n`,
    );
  const missed = report.comparisons.filter((comparison) => !comparison.met).length;
  if (missed > 0 && flags.strict !== true)
    context.stderr.write(
      `${missed} of ${report.comparisons.length} performance goals missed: printed only (exit 0); --strict makes a missed goal exit 1.\n`,
    );
  context.exitCode = toBenchExitCode(report, { strict: flags.strict === true });
}

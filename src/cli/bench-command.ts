import type { Command } from 'commander';
import { formatBenchTable } from '../bench/format-bench-table.js';
import { UsageError } from '../errors.js';
import { parseDurationMs } from '../log/parse-since.js';
import { benchMongo } from '../mongo/bench/bench-mongo.js';
import type { CliContext } from './cli-context.js';

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
      const durationMs = parseDurationMs(flags.duration);
      if (durationMs === undefined || durationMs < 800) throw new UsageError(`--duration ${JSON.stringify(flags.duration)} is not a duration of at least 800ms.`, { hint: 'Use, for example, --duration 10s.' });
      const documents = Number(flags.documents);
      if (!Number.isInteger(documents) || documents < 1) throw new UsageError(`--documents ${JSON.stringify(flags.documents)} is not a positive whole number.`);
      const result = await benchMongo({ durationMs, documents, onProgress: (line) => context.stderr.write(`${line}\n`) });
      if (flags.json === true) {
        context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      context.stdout.write(`${formatBenchTable(result.rows, { measured: 'embedded', baseline: 'ceiling' })}\n\n`);
      for (const target of result.targets) context.stdout.write(`${target.met ? '✓' : '✗'} ${target.name}: ${target.detail}\n`);
    });
}

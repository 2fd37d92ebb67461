import path from 'node:path';
import { Option, type Command } from 'commander';
import { logLevels, type LogLevel } from '../config/lab-config.js';
import { UsageError } from '../errors.js';
import { createFileLogSource, listLoggedServices, watchLogFolder } from '../log/file-log-source.js';
import { formatConsoleLine } from '../log/format-console-line.js';
import { toLogLine, type LogEntry } from '../log/log-entry.js';
import { parseSince } from '../log/parse-since.js';
import { tailLogs } from '../log/tail-logs.js';
import { labParts } from '../services/registry.js';
import { isColorEnabled, type CliContext, type GlobalOptions } from './cli-context.js';
import { loadCliConfig } from './load-cli-config.js';
import { parseChoice } from './parse-choice.js';
import { parseWholeNumberFlag } from './parse-flags.js';
import { toDidYouMean } from './suggest-similar.js';
import { toPrintable } from './to-printable.js';

interface TailLogsFlags {
  follow?: boolean;
  since?: string;
  grep?: string;
  level?: LogLevel;
  lines?: string;
  json?: boolean;
}

export function registerTailCommand(program: Command, context: CliContext): void {
  const tail = program.command('tail').description('follow what the lab is doing');
  tail
    .command('logs')
    .description("show and follow the lab's logs, merged in time order")
    .argument('[services...]', `only these services (${labParts.map((part) => part.name).join(', ')})`)
    .option('-f, --follow', 'keep printing new lines (default on a terminal)')
    .option('--no-follow', 'print what is there and exit')
    .option('--since <when>', 'only lines newer than a duration (30s, 10m, 1h30m) or a date')
    .option('--grep <regex>', 'only lines whose message or metadata match (case-insensitive)')
    .addOption(
      new Option('--level <level>', 'only this level and more severe ones')
        .choices(logLevels)
        .argParser(parseChoice(logLevels)),
    )
    .option('-n, --lines <count>', 'only the last N lines of the history')
    .option('--json', 'print each line as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  rtlab tail logs\n  rtlab tail logs webhooks-receiver ws-server --grep "order:update"\n  rtlab tail logs --since 10m --level warn --no-follow',
    )
    .action(async (services: string[], flags: TailLogsFlags, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const config = loadCliConfig(context, globals, { readOnly: true, reads: ['home'] });
      const logDir = path.join(config.home, 'logs');
      await checkServiceNames(services, logDir);

      const follow = flags.follow ?? context.stdout.isTTY === true;
      const color = isColorEnabled(context.stdout, context.env, globals.color);
      const known = services.length > 0 ? services : await listLoggedServices(logDir);
      const serviceWidth = Math.max(0, ...known.map((name) => name.length));
      let printed = 0;
      await tailLogs({
        sources: known.map((service) => createFileLogSource(logDir, service)),
        ...(services.length === 0
          ? {
              discoverSources: async () =>
                (await listLoggedServices(logDir)).map((s) => createFileLogSource(logDir, s)),
              watchSources: (changed: () => void, signal: AbortSignal) => watchLogFolder(logDir, changed, signal),
            }
          : {}),
        filter: {
          ...(flags.since === undefined ? {} : { since: parseSince(flags.since, new Date()) }),
          ...(flags.grep === undefined ? {} : { grep: parseGrep(flags.grep) }),
          ...(flags.level === undefined ? {} : { level: flags.level }),
        },
        follow,
        ...(flags.lines === undefined ? {} : { lines: parseWholeNumberFlag('--lines', flags.lines, { min: 0 }) }),
        signal: context.signal,
        onEntry: (entry) => {
          printed++;
          context.stdout.write(
            `${flags.json === true ? toPrintable(toLogLine(entry)) : formatConsoleLine(printableEntry(entry), { color, serviceWidth })}\n`,
          );
        },
      });
      if (printed === 0 && !follow && flags.json !== true) {
        const filtered = flags.since !== undefined || flags.grep !== undefined || flags.level !== undefined;
        context.stderr.write(
          filtered
            ? `No matching log lines in ${logDir}: none match --since/--grep/--level as given. Widen them (--since 1h) or drop one.\n`
            : `No matching log lines in ${logDir}. Lines appear there once the lab's services run.\n`,
        );
      }
    });
}

/**
 * The entry with its text made printable before it is formatted (the colours are added after):
 * log lines quote orderIds, chat users and errors that came from the network.
 */
function printableEntry(entry: LogEntry): LogEntry {
  const meta = Object.fromEntries(
    Object.entries(entry.meta).map(([key, value]) => [
      toPrintable(key),
      typeof value === 'string' ? toPrintable(value) : value,
    ]),
  );
  return {
    timestamp: toPrintable(entry.timestamp),
    level: toPrintable(entry.level),
    service: toPrintable(entry.service),
    message: toPrintable(entry.message),
    meta,
  };
}

async function checkServiceNames(services: readonly string[], logDir: string): Promise<void> {
  const logged = await listLoggedServices(logDir);
  const known = new Set<string>([...labParts.map((part) => part.name), ...logged]);
  const unknown = services.filter((service) => !known.has(service));
  if (unknown.length > 0) {
    const suggestions = unknown.map((service) => toDidYouMean(service, [...known])).filter(Boolean);
    throw new UsageError(`Unknown service ${unknown.map((s) => JSON.stringify(s)).join(', ')}.`, {
      hint: [...suggestions, `The lab's services are: ${[...known].join(', ')}.`].join(' '),
    });
  }
}

function parseGrep(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'i');
  } catch (error) {
    throw new UsageError(
      `--grep ${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}.`,
      {
        hint: 'Escape special characters with a backslash, such as order\\.created.',
      },
    );
  }
}

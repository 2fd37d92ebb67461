import { Command, Help, Option, type CommanderError } from 'commander';
import { logLevels } from '../config/lab-config.js';
import { readPackageManifest } from '../package-root.js';
import type { CliContext } from './cli-context.js';
import { commandTable } from './command-table.js';
import { findInvokedCommand } from './find-invoked-command.js';
import { parseChoice } from './parse-choice.js';
import { toUsageError } from './to-usage-error.js';

const examples = `
Examples:
  $ rtlab up                           the whole lab in one process (Ctrl-C stops it)
  $ rtlab up -d && rtlab status        the lab in the background, then its health
  $ rtlab doctor                       check that this machine can run the lab
  $ rtlab tail logs --since 10m        the lab's recent log lines, then follow
  $ rtlab tail logs webhooks-receiver --grep "order.created"
  $ rtlab serve webhooks-receiver      one lab service in the foreground (port 3001)
  $ rtlab webhooks send --type order.created
  $ rtlab ws listen                    live order:update notifications
  $ rtlab mongo serve                  the embedded MongoDB-compatible server on 27017
  $ rtlab bench mongo --duration 10s   the embedded engine against the driver-bound ceiling

Exit codes: 0 ok, 1 a scenario failed, 2 usage or configuration, 3 environment, 70 internal bug, 130 interrupted, 143 stopped by SIGTERM.
Docs: README.md (Spanish quick start: "Inicio rápido").`;

/** Commander's codes for what the user asked to see: help and the version (exit 0). */
export const shownOnRequest: ReadonlySet<string> = new Set([
  'commander.helpDisplayed',
  'commander.version',
  'commander.help',
]);

/**
 * The rtlab command tree for `argv`. Only the command being run is imported and registered;
 * the others stand in the tree as names and summaries, enough for `--help`, `--version` and
 * "did you mean" after a typo.
 */
export async function createProgram(context: CliContext, argv: readonly string[]): Promise<Command> {
  const program = new Command('rtlab')
    .description('A lab runner for realtime integration patterns: Webhooks, gRPC and WebSockets over one MongoDB.')
    .version(readPackageManifest().version, '-v, --version')
    .option('--cwd <dir>', 'work in this folder (.env and .rtlab are looked up there)', process.cwd())
    .addOption(
      new Option('--log-level <level>', 'log verbosity (overrides LOG_LEVEL)')
        .choices(logLevels)
        .argParser(parseChoice(logLevels)),
    )
    .option('--no-color', 'plain output without colours (also NO_COLOR=1)')
    .showSuggestionAfterError(true)
    .addHelpText('after', examples)
    // main prints commander's errors in rtlab's shape (✗ what, then a hint) and exits 2.
    .exitOverride(function (this: Command, error: CommanderError) {
      throw shownOnRequest.has(error.code) ? error : toUsageError(error, this);
    })
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      outputError: () => undefined,
    });

  const invoked = commandTable.find((entry) => entry.name === findInvokedCommand(program, argv.slice(2)));
  // Registered after the settings above, so that every subcommand inherits them; in the table's order.
  for (const entry of commandTable) {
    if (entry === invoked) {
      context.settingsNeeded = entry.settings;
      (await entry.load())(program, context);
    } else {
      program.command(entry.name).description(entry.summary);
    }
  }
  // Set last, so that only the top-level list uses it: a command not loaded has no options to count.
  const usageOf = new Map(commandTable.map((entry) => [entry.name, entry.usage]));
  program.configureHelp({
    subcommandTerm: (command) =>
      usageOf.has(command.name())
        ? `${command.name()} ${usageOf.get(command.name())}`.trim()
        : new Help().subcommandTerm(command),
  });
  return program;
}

import { Command, Option } from 'commander';
import { logLevels } from '../config/lab-config.js';
import { readPackageManifest } from '../package-root.js';
import type { CliContext } from './cli-context.js';
import { registerBenchCommand } from './bench-command.js';
import { registerDoctorCommand } from './doctor-command.js';
import { registerMongoCommand } from './mongo-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerTailCommand } from './tail-command.js';
import { registerWebhooksCommand } from './webhooks-command.js';
import { registerWsCommand } from './ws-command.js';

const examples = `
Examples:
  $ rtlab doctor                       check that this machine can run the lab
  $ rtlab tail logs --since 10m        the lab's recent log lines, then follow
  $ rtlab tail logs webhooks-receiver --grep "order.created"
  $ rtlab serve webhooks-receiver      one lab service in the foreground (port 3001)
  $ rtlab webhooks send --type order.created
  $ rtlab ws listen                    live order:update notifications
  $ rtlab mongo serve                  the embedded MongoDB-compatible server on 27017
  $ rtlab bench mongo --duration 10s   the embedded engine against the driver-bound ceiling

Exit codes: 0 ok, 1 a scenario failed, 2 usage or configuration, 3 environment, 70 internal bug, 130 interrupted.
Docs: README.md (Spanish quick start: "Inicio rápido").`;

/** The rtlab command tree. Commands are registered only once they work. */
export function createProgram(context: CliContext): Command {
  const program = new Command('rtlab')
    .description('A lab runner for realtime integration patterns: Webhooks, gRPC and WebSockets over one MongoDB.')
    .version(readPackageManifest().version, '-v, --version')
    .option('--cwd <dir>', 'work in this folder (.env and .rtlab are looked up there)', process.cwd())
    .addOption(new Option('--log-level <level>', 'log verbosity (overrides LOG_LEVEL)').choices(logLevels))
    .option('--no-color', 'plain output without colours (also NO_COLOR=1)')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run rtlab --help to see the commands)')
    .addHelpText('after', examples)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    });
  // Registered after the settings above, so that every subcommand inherits them.
  registerDoctorCommand(program, context);
  registerTailCommand(program, context);
  registerWebhooksCommand(program, context);
  registerWsCommand(program, context);
  registerServeCommand(program, context);
  registerMongoCommand(program, context);
  registerBenchCommand(program, context);
  return program;
}

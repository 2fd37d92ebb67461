import { Option, type Command } from 'commander';
import { toConfiguredPort, type LabConfig } from '../config/lab-config.js';
import { UsageError } from '../errors.js';
import { freeLoopbackPort } from '../runtime/free-loopback-port.js';
import { labProfiles, type ChosenProfile } from '../runtime/embedded/lab-profiles.js';
import type { LabSelection } from '../runtime/embedded/select-lab-parts.js';
import { labRuntimes, type LabRuntimeName } from '../runtime/lab-runtime.js';
import type { CliContext, GlobalOptions } from './cli-context.js';
import { loadCliConfig } from './load-cli-config.js';
import { parseChoice } from './parse-choice.js';
import type { LabParts } from './run-lab.js';
import { runLabDetached } from './run-lab-detached.js';

export interface UpFlags {
  readonly profile: ChosenProfile[];
  readonly mongo?: string;
  readonly runtime: LabRuntimeName;
  /** `--docker`: short for `--runtime docker`. */
  readonly docker?: boolean;
  readonly watch?: boolean;
  readonly ui: boolean;
  readonly detach?: boolean;
  readonly json?: boolean;
  /** Set by `rtlab up -d` on the background process it starts: report to it over IPC. */
  readonly labChild?: boolean;
}

const upHelp = `
MongoDB starts first (--mongo, else MONGO_URL, else the lab's embedded engine), then the services
of the chosen profiles in dependency order, each waited for through its readiness check; the
one-shot grpc-client then runs once. Logs: <RTLAB_HOME>/logs/<service>.log, and on the terminal.
Ctrl-C or SIGTERM stops the services in reverse order, then MongoDB (exit 0); an interrupted
start exits 130. A busy port exits 3 naming the service, the port and its holder, before
anything starts; a lab already running here exits 3 with its URLs.

Examples:
  rtlab up                             the whole lab in this terminal (Ctrl-C stops it)
  rtlab up -d                          in the background; then rtlab status, rtlab down
  rtlab up --profile webhooks --profile websockets`;

export function registerUpCommand(program: Command, context: CliContext): void {
  const choose = parseChoice(labProfiles);
  program
    .command('up')
    .description(
      'start the lab: MongoDB, then the services of the chosen profiles (here, as processes or in containers)',
    )
    .addOption(
      new Option('--profile <name>', 'only this profile (repeat for more; default all)')
        .choices(labProfiles)
        .argParser((value: string, previous: string[]) => [...previous, choose(value)])
        .default([], 'all'),
    )
    .option(
      '--mongo <lite|memory|url>',
      'which MongoDB: the embedded engine (lite), a real mongod from mongodb-memory-server (memory), or a connection string',
    )
    .addOption(
      new Option('--runtime <name>', 'where the services run: this process, a child process each, a container each')
        .choices(labRuntimes)
        .default('embedded'),
    )
    .option('--docker', 'short for --runtime docker')
    .option('--watch', 'with --runtime process: restart a service when its sources change')
    .option('-d, --detach', 'run the lab in the background; return once every service is ready')
    .option('--no-ui', 'plain log lines prefixed by service (what a terminal shows today)')
    .option('--json', 'with --detach: print the running lab as JSON')
    .addOption(new Option('--lab-child').hideHelp())
    .addHelpText('after', upHelp)
    .action(async (given: UpFlags, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const flags: UpFlags = { ...given, runtime: chooseRuntime(given) };
      if (flags.detach === true && flags.labChild !== true) {
        const config = loadCliConfig(context, globals, { mongo: flags.mongo });
        await runLabDetached({ context, globals, flags, config });
        return;
      }
      const { runLab } = await import('./run-lab.js');
      const config = loadCliConfig(context, globals, { mongo: flags.mongo });
      await runLab({ context, globals, flags, config, loadParts: () => loadLabParts(context, globals, flags) });
    });
}

/** The services of the chosen profiles and the configuration the lab runs with. */
async function loadLabParts(context: CliContext, globals: GlobalOptions, flags: UpFlags): Promise<LabParts> {
  // Loaded only here: the registry brings every service's libraries (a second of start-up).
  const { selectLabParts } = await import('../runtime/embedded/select-lab-parts.js');
  const selection = selectLabParts(flags.profile);
  const { config, portFlags } = await loadLabConfig(context, globals, flags, selection);
  return { selection, config, oneShotEnv: { ...context.env, ...portFlags } };
}

/** `--docker` is `--runtime docker`; `--watch` means something only to the process runtime. */
function chooseRuntime(flags: UpFlags): LabRuntimeName {
  if (flags.docker === true && flags.runtime !== 'embedded' && flags.runtime !== 'docker')
    throw new UsageError(`--docker and --runtime ${flags.runtime} ask for two runtimes.`, {
      hint: 'Give one: --docker (or --runtime docker), or --runtime process.',
    });
  const runtime = flags.docker === true ? 'docker' : flags.runtime;
  if (flags.watch === true && runtime !== 'process')
    throw new UsageError('--watch restarts child processes, so it needs --runtime process.', {
      hint: 'rtlab up --runtime process --watch',
    });
  return runtime;
}

/**
 * The configuration the lab runs with. A service whose port setting is 0 gets a free port picked
 * here, as if set: the services of one lab call each other at the addresses configuration
 * derives from their ports, which must be real ones.
 */
async function loadLabConfig(
  context: CliContext,
  globals: GlobalOptions,
  flags: UpFlags,
  selection: LabSelection,
): Promise<{ config: LabConfig; portFlags: Record<string, string> }> {
  const config = loadCliConfig(context, globals, { mongo: flags.mongo });
  const portFlags: Record<string, string> = {};
  for (const service of selection.waves.flat())
    if (toConfiguredPort(config, service.portSetting) === 0)
      portFlags[service.portSetting] = String(await freeLoopbackPort());
  if (Object.keys(portFlags).length === 0) return { config, portFlags };
  return { config: loadCliConfig(context, globals, { flags: portFlags, mongo: flags.mongo }), portFlags };
}

import path from 'node:path';
import type { LabConfig } from '../config/lab-config.js';
import { ExitCode, RtlabError } from '../errors.js';
import { createLoggerFactory } from '../log/create-logger-factory.js';
import type { DetachedLabMessage } from '../runtime/embedded/detached-lab-message.js';
import { toChosenProfiles } from '../runtime/embedded/lab-profiles.js';
import type { LabProgress } from '../runtime/embedded/lab-progress.js';
import { runOneShot } from '../runtime/embedded/run-one-shot.js';
import type { LabSelection } from '../runtime/embedded/select-lab-parts.js';
import { headStartLabEngine } from '../runtime/lab-mongo/head-start-lab-engine.js';
import { loadLabRuntime } from '../runtime/lab-runtime.js';
import { formatChildLine } from '../runtime/process/format-child-line.js';
import { claimLabState } from '../runtime/lab-state/claim-lab-state.js';
import { removeLabState, writeLabState, type LabState } from '../runtime/lab-state/lab-state.js';
import { isColorEnabled, type CliContext, type GlobalOptions } from './cli-context.js';
import { startLabDashboard } from './dashboard/start-lab-dashboard.js';
import { showsDashboard } from './dashboard/shows-dashboard.js';
import { formatLabParts, formatLabProgress } from './format-lab-progress.js';
import type { UpFlags } from './up-command.js';
import { waitForStop } from './wait-for-stop.js';
import { releaseParentChannel } from './watch-parent-channel.js';

export interface RunLabOptions {
  readonly context: CliContext;
  readonly globals: GlobalOptions;
  readonly flags: UpFlags;
  /** The configuration as first read: where the lab is recorded and logs. */
  readonly config: LabConfig;
  /** Loads the services' modules (a second or more) once the lab is recorded, while MongoDB starts. */
  readonly loadParts: () => Promise<LabParts>;
}

export interface LabParts {
  readonly selection: LabSelection;
  /** The configuration the lab runs with: a port setting of 0 replaced by the free port picked. */
  readonly config: LabConfig;
  /** The environment of one-shots: this one, with the ports the lab picked for port 0. */
  readonly oneShotEnv: Readonly<Record<string, string | undefined>>;
}

/** Where a lab tells its progress: this terminal, or the `rtlab up -d` that started it in the background. */
interface LabReporter {
  progress(progress: LabProgress): void;
  ready(state: LabState): Promise<void>;
  failed(error: unknown): Promise<void>;
}

/**
 * The lab run from this process (its services in it, in child processes or in containers, as
 * the runtime says), until Ctrl-C or SIGTERM (or `rtlab down`): recorded in state.json
 * before anything starts, started, recorded as ready with its URLs, then stopped in reverse order
 * and its record removed. A requested stop exits 0.
 */
export async function runLab(options: RunLabOptions): Promise<void> {
  const { context, config } = options;
  const child = options.flags.labChild === true;
  const color = isColorEnabled(context.stderr, context.env, options.globals.color);
  const logDir = path.join(config.home, 'logs');
  const startedAt = new Date();
  // On a terminal, the dashboard (loaded only then: ink and react are its own).
  const dashboard =
    !child && showsDashboard(context, process.stdin, options.flags.ui)
      ? await startLabDashboard({ context, config, logDir, color, since: startedAt, quit: stopAsCtrlC })
      : undefined;
  const reporter = child ? parentReporter() : (dashboard ?? terminalReporter(context, color));
  // A background lab's terminal is a file: its logs are in the service files already (and the dashboard reads them there).
  const logs = createLoggerFactory({
    logDir,
    level: config.logLevel,
    console: child || dashboard !== undefined ? false : { color },
  });
  const starting: LabState = {
    runtime: options.flags.runtime,
    pid: process.pid,
    status: 'starting',
    startedAt: startedAt.toISOString(),
    cwd: config.cwd,
    home: config.home,
    profiles: toChosenProfiles(options.flags.profile),
    parts: [],
    logDir,
  };
  // What state.json says now: an engine restarted after a crash is recorded in it whether the lab is starting or ready.
  let recorded = starting;
  try {
    // Recorded before the services' modules load: `rtlab down` finds the lab from its first moment.
    await claimLabState(config.home, starting);
    const releaseHeadStart = await headStartLabEngine(config, options.flags.runtime, context.signal);
    try {
      context.signal.throwIfAborted(); // stopped already (Ctrl-C while rtlab loaded): no need to load the services
      const { selection, config: labConfig, oneShotEnv } = await options.loadParts();
      const startLab = await loadLabRuntime(options.flags.runtime);
      const lab = await startLab({
        watch: options.flags.watch === true,
        env: oneShotEnv,
        // The services write their own log files: a background lab's lab.out would hold them twice, and the dashboard reads the files.
        onOutput:
          child || dashboard !== undefined
            ? undefined
            : (service, line) => context.stderr.write(`${formatChildLine(service, line, color)}\n`),
        config: labConfig,
        logs,
        selection,
        signal: context.signal,
        onProgress: reporter.progress,
        // A lab killed from here on leaves this record: `status`/`down` then stop the engine it started.
        onMongoReady: (startedEnginePid) => writeLabState(config.home, (recorded = { ...recorded, startedEnginePid })),
      });
      const ready: LabState = (recorded = {
        ...recorded,
        status: 'ready',
        readyAt: new Date().toISOString(),
        mongoUrl: lab.mongoUrl,
        // An engine restarted while the services started is the one recorded already.
        startedEnginePid: recorded.startedEnginePid ?? lab.startedEnginePid,
        parts: lab.parts,
      });
      writeLabState(config.home, ready);
      await reporter.ready(ready);
      const oneShots = Promise.all(
        selection.oneShots.map(async (oneShot) => {
          const exitCode = await (lab.runOneShot ?? runOneShot)(oneShot, {
            cwd: config.cwd,
            env: oneShotEnv,
            logger: logs.forService(oneShot.name),
            signal: context.signal,
          });
          if (!context.signal.aborted) reporter.progress({ type: 'finished', service: oneShot.name, exitCode });
        }),
      );
      await waitForStop(context.signal);
      // A one-shot first (it was told to stop with the lab): its calls end before the services they call.
      await oneShots;
      await lab.stop();
      context.exitCode = ExitCode.ok;
    } finally {
      await releaseHeadStart();
      removeLabState(config.home, process.pid);
    }
  } catch (error) {
    await reporter.failed(error);
    throw error;
  } finally {
    logs.close();
    await dashboard?.close();
  }
}

/** The dashboard's `q`: the graceful stop Ctrl-C gives (main turns SIGINT into the stop signal). */
function stopAsCtrlC(): void {
  process.kill(process.pid, 'SIGINT');
}

function terminalReporter(context: CliContext, color: boolean): LabReporter {
  return {
    progress: (progress) => {
      const line = formatLabProgress(progress, color);
      if (line !== undefined) context.stderr.write(`${line}\n`);
    },
    ready: async (state) => {
      context.stdout.write(formatLabParts(state.parts, color));
      context.stderr.write(
        `The lab is running (pid ${state.pid}). Ctrl-C stops it; from another terminal: rtlab status, rtlab tail logs, rtlab down.\n`,
      );
    },
    failed: async () => undefined,
  };
}

/** Reports to the waiting `rtlab up -d` over IPC; once ready, the channel is closed and the lab runs on alone. */
function parentReporter(): LabReporter {
  const send = (message: DetachedLabMessage) =>
    new Promise<void>((resolve) => {
      // The parent may be gone (killed while it waited): nobody to tell, and the lab stops as its child (watchParentChannel).
      if (process.send === undefined || !process.connected) return resolve();
      process.send(message, undefined, undefined, () => resolve());
    });
  return {
    progress: (progress) => void send({ type: 'progress', progress }),
    ready: async (state) => {
      await send({ type: 'ready', state });
      releaseParentChannel();
    },
    failed: async (error) => {
      if (error instanceof RtlabError)
        await send({ type: 'failed', message: error.message, hint: error.hint, exitCode: error.exitCode });
    },
  };
}

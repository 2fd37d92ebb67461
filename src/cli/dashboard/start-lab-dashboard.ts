import { setTimeout as sleep } from 'node:timers/promises';
import type { LabConfig } from '../../config/lab-config.js';
import { createLoggerFactory } from '../../log/create-logger-factory.js';
import { createFileLogSource, listLoggedServices, watchLogFolder } from '../../log/file-log-source.js';
import { tailLogs } from '../../log/tail-logs.js';
import type { LabProgress } from '../../runtime/embedded/lab-progress.js';
import { checkLabHealth } from '../../runtime/lab-state/check-lab-health.js';
import type { LabState } from '../../runtime/lab-state/lab-state.js';
import type { DashboardControls } from '../../ui/dashboard/dashboard-actions.js';
import { DashboardStore } from '../../ui/dashboard/dashboard-store.js';
import type { CliContext } from '../cli-context.js';
import { formatLabProgress } from '../format-lab-progress.js';
import { countsRequests, isRequestLine } from './is-request-line.js';
import { defaultLanguage } from '../scenario-command.js';
import { createLabKeys } from './lab-keys.js';

/** How often the table's HEALTH column asks every part, as `rtlab status` does. */
const healthIntervalMs = 3000;

export interface StartLabDashboardOptions {
  readonly context: CliContext;
  readonly config: LabConfig;
  readonly logDir: string;
  readonly color: boolean;
  /** Log lines older than this are an earlier lab's, left out. */
  readonly since: Date;
  /** A graceful stop of the lab (`q`): the same as Ctrl-C. */
  readonly quit: () => void;
  /** Where it is drawn: this terminal (ink) unless given (tests draw it with ink-testing-library). */
  readonly mount?: MountDashboard;
}

export type MountDashboard = (store: DashboardStore, controls: DashboardControls) => { close(): void };

/** The dashboard as the lab's reporter: it shows the start, then the running lab, until `close()`. */
export interface LabDashboard {
  progress(progress: LabProgress): void;
  ready(state: LabState): Promise<void>;
  failed(error: unknown): Promise<void>;
  /** Unmounts it (the last frame stays on the terminal) and closes what it opened. Idempotent. */
  close(): Promise<void>;
}

/**
 * `rtlab up`'s dashboard: log lines followed from the lab's log files (what every runtime
 * writes, so it shows the embedded, process and docker labs alike), health asked periodically,
 * keys wired to the CLI's own clients. ink and react are loaded here only.
 */
export async function startLabDashboard(options: StartLabDashboardOptions): Promise<LabDashboard> {
  const { context, config, logDir, color } = options;
  const store = new DashboardStore({ countsRequests });
  const closing = new AbortController();
  const clientLogs = createLoggerFactory({ logDir, level: 'error', console: false });
  const keys = createLabKeys({
    config,
    store,
    logger: clientLogs.forService('webhooks-cli'),
    user: context.env['USER'] ?? 'learner',
    env: context.env,
    lang: defaultLanguage(context.env),
    signal: closing.signal,
  });
  const mount = options.mount ?? (await mountOnTerminal(context, color));
  const view = mount(store, { actions: keys.actions, quit: options.quit });
  const following = tailLogs({
    sources: [],
    discoverSources: async () =>
      (await listLoggedServices(logDir)).map((service) => createFileLogSource(logDir, service)),
    watchSources: (changed, signal) => watchLogFolder(logDir, changed, signal),
    filter: { since: options.since },
    follow: true,
    signal: closing.signal,
    onEntry: (entry) => store.addLog(entry, isRequestLine(entry)),
    onSourceError: (message) => store.notice('error', message),
  });
  let checking: Promise<void> = Promise.resolve();
  let closed: Promise<void> | undefined;
  // The stop happens as the dashboard goes: its lines are printed below the last frame, as without it.
  const stopLines: string[] = [];
  return {
    progress: (progress) => {
      const line = formatLabProgress(progress, color);
      store.applyProgress(progress, line);
      if (line !== undefined && progress.type === 'stopped') stopLines.push(line);
    },
    ready: async (state) => {
      checking = checkHealthUntil(store, state, AbortSignal.any([closing.signal, context.signal]));
    },
    failed: async () => undefined,
    close: () =>
      (closed ??= (async () => {
        closing.abort();
        view.close();
        for (const line of stopLines) context.stderr.write(`${line}\n`);
        await Promise.all([following, checking, keys.close()]);
        clientLogs.close();
      })()),
  };
}

async function mountOnTerminal(context: CliContext, color: boolean): Promise<MountDashboard> {
  const { renderDashboard } = await import('../../ui/dashboard/render-dashboard.js');
  return (store, controls) =>
    renderDashboard({ store, controls, color, stdout: context.stdout, stdin: process.stdin, stderr: context.stderr });
}

async function checkHealthUntil(store: DashboardStore, state: LabState, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const health = await checkLabHealth(state, 2000);
    if (!signal.aborted) store.setHealth(health);
    await sleep(healthIntervalMs, undefined, { signal }).catch(() => undefined);
  }
}

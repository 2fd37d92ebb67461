import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../log/log-entry.js';
import type { ServiceDefinition } from '../../services/registry/service-definition.js';
import type { OnLabProgress } from '../embedded/lab-progress.js';
import { toReadinessCheck } from '../readiness/to-readiness-check.js';
import { waitUntilReady } from '../readiness/wait-until-ready.js';
import { isLoggedLine } from './format-child-line.js';
import { healthyUptimeMs, toRestartDelayMs } from './restart-backoff.js';
import { describeExit, spawnServiceProcess, type ServiceProcess } from './spawn-service-process.js';

export interface SuperviseServiceOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The service's base URL and port, as configuration gives them: where its readiness is asked. */
  readonly url: string;
  readonly port: number;
  readonly onProgress: OnLabProgress;
  readonly onLine?: (line: string) => void;
  /** Where a crash is recorded for later (`rtlab tail logs <service>`): the supervisor's own line in the service's log. */
  readonly logger: Logger;
  /** Ends the first start early (Ctrl-C). */
  readonly signal: AbortSignal;
  readonly readyTimeoutMs?: number;
}

/** A service kept running in a child process: restarted after a crash, or on request (`--watch`). */
export interface SupervisedService {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  /** The child that runs it now (none between a crash and its restart). */
  pid(): number | undefined;
  /** Stops the child and starts a new one; a change seen before the current child started is no reason. */
  restart(changedAt: number): Promise<void>;
  /** Stops the child (SIGTERM, SIGKILL after `graceMs`) and any restart in progress. Idempotent. */
  stop(graceMs: number): Promise<void>;
}

/**
 * A child loads rtlab (Node, the CLI, the service's libraries) before it can listen, which the
 * embedded runtime's 15 s does not allow for on a loaded machine: 8 s each was seen here.
 */
const defaultReadyTimeoutMs = 30_000;
/** A restart for changed sources gives the old child this long to drain, as a stop would. */
const restartGraceMs = 5000;

/**
 * Starts a service as `rtlab serve <service>` and waits for it from outside, through its
 * registry readiness (HTTP, gRPC health, Socket.IO handshake, its log lines). Resolves once it
 * is ready; a first start that fails is stopped and rejects. From then on the service is kept
 * running: a child that exits on its own is reported (exit code or signal, its last lines) and
 * started again after a backoff (0.5 s doubling to 10 s, reset after a minute up).
 */
export async function superviseService(
  definition: ServiceDefinition,
  options: SuperviseServiceOptions,
): Promise<SupervisedService> {
  const { name } = definition;
  const check = toReadinessCheck(definition.readiness);
  // Aborted by stop(): ends a backoff wait or a restart's readiness wait at once.
  const stopController = new AbortController();
  let current: ServiceProcess | undefined;
  let crashesInARow = 0;
  // Restarts run one at a time, in order: a crash and a file change never start two children.
  let work: Promise<void> = Promise.resolve();
  const serially = (task: () => Promise<void>) => (work = work.then(task).catch(() => undefined));

  const startChild = async (signal: AbortSignal): Promise<ServiceProcess> => {
    const child = spawnServiceProcess(name, { cwd: options.cwd, env: options.env, onLine: options.onLine });
    current = child;
    try {
      await waitUntilReady(
        check,
        { service: name, url: options.url, port: options.port, logs: child.feed },
        {
          timeoutMs: options.readyTimeoutMs ?? defaultReadyTimeoutMs,
          signal: AbortSignal.any([signal, child.exitSignal]),
        },
      );
    } catch (error) {
      await child.stop(2000);
      throw error;
    }
    void child.exited.then((exit) => {
      if (current === child && !stopController.signal.aborted) serially(() => recover(describeExit(exit), child));
    });
    return child;
  };

  const startAgain = async () => {
    options.onProgress({ type: 'starting', service: name });
    const since = Date.now();
    await startChild(stopController.signal);
    options.onProgress({ type: 'ready', service: name, url: options.url, elapsedMs: Date.now() - since });
  };

  /** After a crash (or a restart that failed): report, wait the backoff, start again, until one start holds or the lab stops. */
  const recover = async (why: string, failed: ServiceProcess | undefined) => {
    current = undefined;
    if (failed !== undefined && Date.now() - failed.startedAt >= healthyUptimeMs) crashesInARow = 0;
    for (;;) {
      const delayMs = toRestartDelayMs(crashesInARow++);
      const reason = `${why}; restarting in ${delayMs / 1000} s`;
      // What it printed besides its log lines (a stack trace, a `✗` error) is in no log file: kept with the report.
      const output = failed?.feed.lines().filter((line) => !isLoggedLine(name, line)) ?? [];
      options.logger.error(`${name} ${reason}`, { pid: failed?.pid, output: output.slice(-10) });
      options.onProgress({ type: 'failed', service: name, reason });
      try {
        await sleep(delayMs, undefined, { signal: stopController.signal });
        await startAgain();
        return;
      } catch (error) {
        if (stopController.signal.aborted) return;
        why = `could not be restarted: ${firstLine(error)}`;
        failed = current;
        current = undefined;
      }
    }
  };

  await startChild(options.signal);
  return {
    name,
    url: options.url,
    port: options.port,
    pid: () => current?.pid,
    restart: (changedAt) =>
      serially(async () => {
        const running = current;
        if (stopController.signal.aborted || (running !== undefined && running.startedAt > changedAt)) return;
        current = undefined;
        if (running !== undefined) {
          options.onProgress({ type: 'stopping', service: name });
          const since = Date.now();
          await running.stop(restartGraceMs);
          options.onProgress({ type: 'stopped', service: name, elapsedMs: Date.now() - since });
        }
        try {
          await startAgain();
        } catch (error) {
          if (!stopController.signal.aborted) await recover(`could not be restarted: ${firstLine(error)}`, current);
        }
      }),
    stop: async (graceMs) => {
      stopController.abort();
      await work;
      await current?.stop(graceMs);
    },
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

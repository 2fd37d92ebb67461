import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../log/log-entry.js';
import { redactMongoUrl } from '../../mongo/ping-mongo.js';
import { labMongo } from '../../services/registry/mongo.js';
import type { OnLabProgress } from '../embedded/lab-progress.js';
import type { LabMongo } from '../embedded/start-lab-mongo.js';
import { firstLine, toMongoPort } from '../lab-start-steps.js';
import { readLiveEngineRecord, releaseEngineRecord } from '../shared-mongo/engine-record.js';
import { startedEngineExit, startSharedEngine } from '../shared-mongo/start-shared-engine.js';
import { stopSharedEngine } from '../shared-mongo/stop-shared-engine.js';
import { healthyUptimeMs, toRestartDelayMs } from './restart-backoff.js';
import { describeExit } from './spawn-service-process.js';

export interface SuperviseLabEngineOptions {
  /** `RTLAB_HOME` and the lab's folder: where a restarted engine is recorded and what it runs in. */
  readonly home: string;
  readonly cwd: string;
  readonly onProgress: OnLabProgress;
  /** Where a crash is recorded for later (`rtlab tail logs mongo`). */
  readonly logger: Logger;
  /** A restarted engine's pid: the lab records it, so that a `down` after a `kill -9` of the lab still stops it. */
  readonly onRestarted: (pid: number) => void;
}

/** The lab's MongoDB kept running: the engine this lab started is restarted after a crash. */
export interface SupervisedLabEngine {
  /**
   * Stops any restart in progress, closes the lab's connection and stops the engine. Resolves
   * with why it had stopped already when it was down (killed, or not restarted yet): undefined
   * when this stop is what ended it.
   */
  stop(): Promise<string | undefined>;
}

/**
 * Watches the embedded engine this lab started (only a parent learns how its child ended): an
 * engine that exits on its own is reported as a crashed service is (exit code or signal, in the
 * progress and the mongo log) and started again with the same backoff, on the same port and the
 * same data directory, so the services' connection strings hold and the journal gives back every
 * acknowledged write. MongoDB the lab did not start (a URL, an engine found running, `--mongo
 * memory`) is not its to restart.
 */
export function superviseLabEngine(mongo: LabMongo, options: SuperviseLabEngineOptions): SupervisedLabEngine {
  const stopController = new AbortController();
  const port = toMongoPort(mongo.url);
  // `ended`: how it ended, once it has.
  let current: { pid: number; ended?: string } | undefined;
  let whyDown: string | undefined;
  let crashesInARow = 0;
  let recovering: Promise<void> = Promise.resolve();

  const watch = (pid: number) => {
    const exit = startedEngineExit(pid);
    if (exit === undefined) return;
    const engine: { pid: number; ended?: string } = { pid };
    const startedAt = Date.now();
    current = engine;
    void exit.then((ended) => {
      engine.ended = describeExit(ended);
      if (stopController.signal.aborted || current !== engine) return;
      if (Date.now() - startedAt >= healthyUptimeMs) crashesInARow = 0;
      recovering = recover(engine.ended, pid);
    });
  };

  const recover = async (why: string, pid: number) => {
    for (;;) {
      const delayMs = toRestartDelayMs(crashesInARow++);
      whyDown = why;
      const reason = `${why}; restarting in ${delayMs / 1000} s`;
      options.logger.error(`${labMongo.name} ${reason}`, { pid });
      options.onProgress({ type: 'failed', service: labMongo.name, reason });
      try {
        await sleep(delayMs, undefined, { signal: stopController.signal });
        options.onProgress({ type: 'starting', service: labMongo.name });
        const since = Date.now();
        const engine = await startSharedEngine({
          home: options.home,
          cwd: options.cwd,
          port: port ?? 0,
          signal: stopController.signal,
        });
        whyDown = undefined;
        // One another command started on the same data meanwhile serves the lab as well; it is not this lab's to watch.
        if (engine.startedHere) {
          watch(engine.pid);
          options.onRestarted(engine.pid);
        } else current = undefined;
        const url = redactMongoUrl(mongo.url);
        options.onProgress({ type: 'ready', service: labMongo.name, url, elapsedMs: Date.now() - since });
        return;
      } catch (error) {
        if (stopController.signal.aborted) return;
        why = `could not be restarted: ${firstLine(error)}`;
      }
    }
  };

  if (mongo.startedEnginePid !== undefined) watch(mongo.startedEnginePid);
  return {
    stop: async () => {
      stopController.abort();
      await recovering;
      const engine = current;
      // Read before the stop: the engine that this stop ends has ended too once it returns, and
      // that is no crash to report.
      const endedBefore = engine?.ended;
      // Closes the connection, and stops the engine when it is still the one the lab first started.
      await mongo.stop();
      if (engine === undefined) return undefined;
      if (endedBefore !== undefined) {
        releaseEngineRecord(options.home, engine.pid);
        return whyDown ?? endedBefore;
      }
      if (engine.pid !== mongo.startedEnginePid && readLiveEngineRecord(options.home)?.pid === engine.pid)
        await stopSharedEngine(options.home);
      return undefined;
    },
  };
}

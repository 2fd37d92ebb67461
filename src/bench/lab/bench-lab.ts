import { fileURLToPath } from 'node:url';
import { EnvironmentError } from '../../errors.js';
import { readLabState } from '../../runtime/lab-state/lab-state.js';
import { labParts } from '../../services/registry.js';
import { toComparison } from '../bench-comparison.js';
import type { BenchReport } from '../bench-report.js';
import { createBenchLabFolder, type BenchLabFolder } from './bench-lab-folder.js';
import { runTimed, type TimedRun } from './run-timed.js';
import { waitForIdleRssBytes } from './wait-for-idle-rss.js';

export const rtlabBin = fileURLToPath(new URL('../../../bin/rtlab.js', import.meta.url));

/** Issue 11's budgets: the whole lab idle, and `rtlab down`. Absolute, since no baseline stands for them. */
const idleRssBudgetMb = 250;
const downBudgetMs = 2000;

export interface BenchLabOptions {
  readonly runs: number;
  /** Where each run's lab folder is made (and removed): `<RTLAB_HOME>/bench`. */
  readonly parent: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  readonly onProgress: (line: string) => void;
}

/** One run: a bare Node start, then a whole lab's life. */
export interface BenchLabRun {
  readonly bareMs: number;
  /** `rtlab up -d` from spawn to exit, which it does once every service is ready. */
  readonly upMs: number;
  /** The lab's process, its MongoDB engine and their children, once settled. */
  readonly idleRssMb: number;
  readonly downMs: number;
}

export interface BenchLabResult extends BenchReport {
  readonly runs: readonly BenchLabRun[];
}

/**
 * The embedded lab as a user meets it, in whole processes: `rtlab up -d` to every service ready
 * against a bare `node -e 0` (the two alternating, so that a burst of load on the machine hits
 * both), the whole lab's idle memory, and `rtlab down`. Each run has its own folder, RTLAB_HOME
 * and free ports; the medians are compared with the goals. Whatever happens (a failure,
 * Ctrl-C), nothing of a run is left running.
 */
export async function benchLab(options: BenchLabOptions): Promise<BenchLabResult> {
  const runs: BenchLabRun[] = [];
  let leftovers = 0;
  options.onProgress(`Each run starts and stops a lab in its own folder under ${options.parent}.`);
  for (let run = 1; run <= options.runs; run++) {
    const label = `run ${run}/${options.runs}`;
    const bareFirst = run % 2 === 1;
    const bare = async () =>
      (await timeOrFail(['-e', '0'], { cwd: options.parent, env: options.env }, options)).elapsedMs;
    const folder = createBenchLabFolder({
      parent: options.parent,
      env: options.env,
      portSettings: labParts.map((part) => part.portSetting),
    });
    try {
      const bareBefore = bareFirst ? await bare() : undefined;
      options.onProgress(`${label}: rtlab up -d…`);
      const up = await timeOrFail([rtlabBin, '--cwd', folder.cwd, 'up', '-d', '--mongo', 'lite'], folder, options);
      options.onProgress(`${label}: ready in ${seconds(up.elapsedMs)}; measuring its idle memory…`);
      const idleRssMb = (await waitForIdleRssBytes(labRoots(folder), options.signal)) / 1024 / 1024;
      const down = await timeOrFail([rtlabBin, '--cwd', folder.cwd, 'down'], folder, options);
      if (folder.processes().length > 0) leftovers++;
      const bareMs = bareBefore ?? (await bare());
      runs.push({ bareMs, upMs: up.elapsedMs, idleRssMb, downMs: down.elapsedMs });
      options.onProgress(
        `${label}: idle ${idleRssMb.toFixed(0)} MB, down in ${seconds(down.elapsedMs)} (${describeStop(down.stdout)}), node -e 0 in ${bareMs.toFixed(0)} ms`,
      );
    } finally {
      await folder.close();
    }
  }
  const median = (pick: (run: BenchLabRun) => number) => toMedian(runs.map(pick));
  return {
    comparisons: [
      toComparison(
        'rtlab up -d to every service ready ÷ node -e 0, ms',
        median((r) => r.upMs),
        median((r) => r.bareMs),
        {
          atMost: 15,
        },
      ),
      toComparison(
        `idle RSS of the whole lab ÷ the ${idleRssBudgetMb} MB budget, MB`,
        median((r) => r.idleRssMb),
        idleRssBudgetMb,
        {
          atMost: 1,
        },
      ),
      toComparison(
        `rtlab down ÷ the ${downBudgetMs / 1000} s budget, ms`,
        median((r) => r.downMs),
        downBudgetMs,
        {
          atMost: 1,
        },
      ),
    ],
    checks: [
      {
        name: 'nothing left running after rtlab down',
        passed: leftovers === 0,
        detail:
          leftovers === 0
            ? `${runs.length} of ${runs.length} labs`
            : `${leftovers} of ${runs.length} labs left a process`,
      },
    ],
    runs,
  };
}

/** The lab's process and the MongoDB engine it started (a detached process, not its descendant). */
function labRoots(folder: BenchLabFolder): number[] {
  const state = readLabState(folder.home);
  if (state === undefined) throw new EnvironmentError(`rtlab up -d returned, but ${folder.home} records no lab.`);
  return state.startedEnginePid === undefined ? [state.pid] : [state.pid, state.startedEnginePid];
}

/** A measured command that fails makes the run meaningless: its own words say why. */
export async function timeOrFail(
  args: readonly string[],
  where: { readonly cwd: string; readonly env: BenchLabOptions['env'] },
  options: Pick<BenchLabOptions, 'signal'>,
): Promise<TimedRun> {
  options.signal.throwIfAborted();
  const run = await runTimed(args, { ...where, signal: options.signal });
  options.signal.throwIfAborted();
  if (run.code === 0) return run;
  const command = args[0] === rtlabBin ? `rtlab ${args.slice(3).join(' ')}` : `node ${args.join(' ')}`;
  throw new EnvironmentError(
    `${command} failed (exit ${run.code}):\n${run.stderr.trim().split('\n').slice(-20).join('\n')}`,
    {
      hint: 'The same command in an empty folder shows the whole of its output.',
    },
  );
}

/** How long the lab itself took to stop, as `rtlab down` says (`Stopped the lab (pid …) in 0.3 s.`): the rest is down's own start. */
export function describeStop(downOutput: string): string {
  const stopped = /Stopped the lab \(pid \d+\) in ([\d.]+) s/.exec(downOutput)?.[1];
  return stopped === undefined ? downOutput.trim() : `the lab stopped in ${stopped} s of it`;
}

export function toMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

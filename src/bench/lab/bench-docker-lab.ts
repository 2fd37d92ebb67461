import { toComparison } from '../bench-comparison.js';
import type { BenchReport } from '../bench-report.js';
import { freeLoopbackPort } from '../../runtime/free-loopback-port.js';
import { labParts } from '../../services/registry.js';
import { createBenchLabFolder } from './bench-lab-folder.js';
import { describeStop, rtlabBin, seconds, timeOrFail, toMedian, type BenchLabOptions } from './bench-lab.js';

/** Issue 11's budgets for the docker runtime: up with the image already built, and `rtlab down`. */
const upBudgetMs = 20_000;
const downBudgetMs = 10_000;

/** A free loopback port for every part of the lab. */
async function freePorts(): Promise<Record<string, string>> {
  const ports: Record<string, string> = {};
  for (const part of labParts) ports[part.portSetting] = String(await freeLoopbackPort());
  return ports;
}

/** One measured docker lab: `rtlab up --docker -d` (every profile) to every service ready, then down. */
export interface BenchDockerLabRun {
  readonly upMs: number;
  readonly downMs: number;
}

export interface BenchDockerLabResult extends BenchReport {
  readonly runs: readonly BenchDockerLabRun[];
}

/**
 * The docker runtime as a user meets it once the lab's image exists: a first lab, not measured,
 * builds the image when its sources changed (minutes), then each run starts a lab of every
 * profile in its own folder and stops it; the medians are compared with the budgets. The engine
 * and images come from the environment as for `rtlab up --docker` (DOCKER_HOST,
 * RTLAB_NODE_IMAGE, RTLAB_MONGO_IMAGE). Each lab's volume goes with it (`down --volumes`).
 */
export async function benchDockerLab(options: BenchLabOptions): Promise<BenchDockerLabResult> {
  const runs: BenchDockerLabRun[] = [];
  let leftovers = 0;
  options.onProgress(`Each run starts and stops a docker lab in its own folder under ${options.parent}.`);
  for (let run = 0; run <= options.runs; run++) {
    const label = run === 0 ? 'warm-up (builds the image if its sources changed)' : `run ${run}/${options.runs}`;
    const folder = createBenchLabFolder({
      parent: options.parent,
      env: options.env,
      portSettings: labParts.map((part) => part.portSetting),
    });
    try {
      // Published ports are numbers the engine is given: free ones picked here, not 0.
      const where = { cwd: folder.cwd, env: { ...folder.env, ...(await freePorts()) } };
      options.onProgress(`${label}: rtlab up --docker -d…`);
      const up = await timeOrFail([rtlabBin, '--cwd', folder.cwd, 'up', '--docker', '-d'], where, options);
      const down = await timeOrFail([rtlabBin, '--cwd', folder.cwd, 'down', '--volumes'], where, options);
      if (folder.processes().length > 0) leftovers++;
      options.onProgress(
        `${label}: ready in ${seconds(up.elapsedMs)}, down in ${seconds(down.elapsedMs)} (${describeStop(down.stdout)})`,
      );
      if (run > 0) runs.push({ upMs: up.elapsedMs, downMs: down.elapsedMs });
    } finally {
      await folder.close();
    }
  }
  const median = (pick: (run: BenchDockerLabRun) => number) => toMedian(runs.map(pick));
  return {
    comparisons: [
      toComparison(
        `rtlab up --docker -d, image built, ÷ the ${upBudgetMs / 1000} s budget, ms`,
        median((r) => r.upMs),
        upBudgetMs,
        { atMost: 1 },
      ),
      toComparison(
        `rtlab down of a docker lab ÷ the ${downBudgetMs / 1000} s budget, ms`,
        median((r) => r.downMs),
        downBudgetMs,
        { atMost: 1 },
      ),
    ],
    checks: [
      {
        name: 'no process left after rtlab down',
        passed: leftovers === 0,
        detail:
          leftovers === 0
            ? `${runs.length + 1} of ${runs.length + 1} labs`
            : `${leftovers} of ${runs.length + 1} labs left a process`,
      },
    ],
    runs,
  };
}

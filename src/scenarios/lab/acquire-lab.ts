import path from 'node:path';
import type { LabConfig } from '../../config/lab-config.js';
import { EnvironmentError } from '../../errors.js';
import { createLoggerFactory } from '../../log/create-logger-factory.js';
import { connectMongo } from '../../mongo/connect-mongo.js';
import type { OnLabProgress } from '../../runtime/embedded/lab-progress.js';
import type { ChosenProfile } from '../../runtime/embedded/lab-profiles.js';
import { selectLabParts } from '../../runtime/embedded/select-lab-parts.js';
import { startEmbeddedLab } from '../../runtime/embedded/start-embedded-lab.js';
import { findRecordedLab } from '../../runtime/lab-state/find-recorded-lab.js';
import type { StartLab } from '../../runtime/lab-runtime.js';
import { findLabPart } from '../../services/registry.js';
import { LogInbox } from '../evidence/log-inbox.js';
import type { Scenario } from '../schema/scenario-schema.js';
import { createLabControl, refuseFaultsOnAttachedLab, usesFaults, type LabControl } from './lab-control.js';
import { recordScenarioLab } from './record-scenario-lab.js';
import { scenarioLabTuning } from './scenario-lab-tuning.js';
import type { ScenarioLab } from './scenario-lab.js';

export interface AcquireLabOptions {
  readonly config: LabConfig;
  /** The profiles the scenarios to run need, together. */
  readonly profiles: readonly ChosenProfile[];
  /** The environment `cli` steps start from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  readonly onProgress: OnLabProgress;
  /** Date.now() when the run began: log lines older than this are history. */
  readonly runStartedAt: number;
  /** The runtime a lab started for the run uses (`--runtime`); embedded when not given. */
  readonly startLab?: StartLab;
  /** The scenarios to run: those with faults are refused on a lab the run would only attach to. */
  readonly scenarios?: readonly Scenario[];
  /**
   * `scenario all`: on a lab the run attaches to, the scenarios it cannot run (faults, a profile it
   * lacks) are left out, and said, rather than refusing the whole run; the others still run. Those
   * named one by one are refused.
   */
  readonly leaveOutUnfit?: boolean;
}

/** A scenario the attached lab cannot run, and why. */
export interface LeftOutScenario {
  readonly scenario: Scenario;
  readonly why: string;
}

export interface AcquiredLab {
  readonly lab: ScenarioLab;
  /** What `leaveOutUnfit` left out. */
  readonly leftOut: readonly LeftOutScenario[];
  /** Closes what the run opened; a lab it started is stopped. Idempotent. */
  release(): Promise<void>;
}

interface RunningPart {
  readonly name: string;
  readonly url: string;
  readonly port: number | undefined;
}

/**
 * The lab to run against: the one running in this folder (`rtlab up`, found through state.json)
 * when it has every profile needed, else an embedded lab started for the run with those profiles,
 * through the same function `rtlab up` uses, and stopped when the run ends.
 */
export async function acquireLab(options: AcquireLabOptions): Promise<AcquiredLab> {
  const { config } = options;
  const recorded = findRecordedLab(config.home);
  if (recorded.kind === 'running') {
    const { state } = recorded;
    if (state.status !== 'ready')
      throw new EnvironmentError('The lab in this folder is still starting.', {
        hint: 'Wait until rtlab status shows it ready, then run the scenario again.',
      });
    const scenarios = options.scenarios ?? [];
    const leftOut = options.leaveOutUnfit === true ? findUnfit(scenarios, state.profiles) : [];
    const kept = scenarios.filter((scenario) => !leftOut.some((unfit) => unfit.scenario === scenario));
    const needed = leftOut.length > 0 ? [...new Set(kept.flatMap((scenario) => scenario.profiles))] : options.profiles;
    const missing = needed.filter((profile) => !state.profiles.includes(profile));
    if (missing.length > 0)
      throw new EnvironmentError(
        `The running lab (pid ${state.pid}) has no ${missing.join(', ')} profile, which the scenario needs.`,
        {
          hint: `Stop it (rtlab down) so that the scenario starts its own lab, or start it with every profile: rtlab up -d${[...new Set([...state.profiles, ...missing])].map((profile) => ` --profile ${profile}`).join('')}.`,
        },
      );
    const faulty = kept.filter(usesFaults);
    if (faulty.length > 0) refuseFaultsOnAttachedLab(faulty, state.pid);
    if (state.mongoUrl === undefined) throw new EnvironmentError('The running lab recorded no MongoDB URL.');
    const acquired = await open(options, state.parts, state.mongoUrl, state.logDir, state.profiles, 'attached', {
      control: undefined,
      stopLab: async () => undefined,
    });
    return { ...acquired, leftOut };
  }

  const logDir = path.join(config.home, 'logs');
  const record = await recordScenarioLab(config, options.profiles);
  const logs = createLoggerFactory({ logDir, level: config.logLevel, console: false });
  let lab;
  try {
    lab = await (options.startLab ?? startEmbeddedLab)({
      env: options.env,
      config,
      logs,
      selection: selectLabParts(options.profiles),
      signal: options.signal,
      onProgress: options.onProgress,
      onMongoReady: record.mongoReady,
      tuning: scenarioLabTuning,
    });
    record.ready(lab);
  } catch (error) {
    logs.close();
    record.remove();
    throw error;
  }
  const started = lab;
  return open(options, lab.parts, lab.mongoUrl, logDir, options.profiles, 'started', {
    control: createLabControl(lab, logs.forService('webhooks-receiver')),
    stopLab: async () => {
      await started.stop();
      logs.close();
      record.remove();
    },
  });
}

async function open(
  options: AcquireLabOptions,
  parts: readonly RunningPart[],
  mongoUrl: string,
  logDir: string,
  profiles: readonly string[],
  origin: ScenarioLab['origin'],
  { control, stopLab }: { control: LabControl | undefined; stopLab: () => Promise<void> },
): Promise<AcquiredLab> {
  const { config } = options;
  const stopFollowing = new AbortController();
  let mongo;
  try {
    mongo = await connectMongo({ url: mongoUrl, dbName: config.mongoDb });
  } catch (error) {
    await stopLab();
    throw error;
  }
  const logs = new LogInbox(logDir, options.runStartedAt, stopFollowing.signal);
  const services = parts.filter((part) => part.name !== 'mongo');
  await Promise.all(parts.map((part) => logs.follow(part.name)));
  // `cli` steps reach this lab's services whatever ports it picked.
  const ports = Object.fromEntries(
    parts.flatMap((part) => {
      const setting = findLabPart(part.name)?.portSetting;
      return setting === undefined || part.port === undefined ? [] : [[setting, String(part.port)]];
    }),
  );
  let releasing: Promise<void> | undefined;
  return {
    lab: {
      services: Object.fromEntries(services.map((part) => [part.name, { url: part.url }])),
      profiles,
      db: mongo.db,
      logs,
      webhookSecret: config.webhookSecret,
      wsToken: config.wsToken,
      jwtSecret: config.jwtSecret,
      cwd: config.cwd,
      cliEnv: { ...options.env, ...ports },
      origin,
      control,
    },
    leftOut: [],
    release: () =>
      (releasing ??= (async () => {
        stopFollowing.abort();
        await mongo.close();
        await stopLab();
      })()),
  };
}

/** What of `scenarios` a lab of `profiles` started by rtlab up cannot run; nothing when it can run none. */
function findUnfit(scenarios: readonly Scenario[], profiles: readonly string[]): LeftOutScenario[] {
  const unfit = scenarios.flatMap((scenario): LeftOutScenario[] => {
    const lacking = scenario.profiles.filter((profile) => !profiles.includes(profile));
    if (lacking.length > 0)
      return [{ scenario, why: `it needs the ${lacking.join(', ')} profile, which the running lab does not run` }];
    if (usesFaults(scenario))
      return [
        {
          scenario,
          why: 'it stops services and makes the receiver fail, which a scenario does only on a lab it starts itself',
        },
      ];
    return [];
  });
  return unfit.length < scenarios.length ? unfit : [];
}

import { toEmbeddedMongoUrl, type MongoPlan } from '../../config/mongo-plan.js';
import { EnvironmentError } from '../../errors.js';
import type { Logger } from '../../log/log-entry.js';
import { redactMongoUrl } from '../../mongo/ping-mongo.js';
import { startMemoryMongod } from '../../mongo/start-memory-mongod.js';
import { labMongo } from '../../services/registry/mongo.js';
import { probePort } from '../ports/probe-port.js';
import { readLiveEngineRecord } from '../shared-mongo/engine-record.js';
import { startSharedEngine, waitForEngineUri } from '../shared-mongo/start-shared-engine.js';
import { takeHeadStartedEngine } from './head-start-lab-engine.js';

export interface ProvidedMongo {
  readonly url: string;
  /** How it is described to a user (credentials removed). */
  readonly description: string;
  /** The shared embedded engine this call started; it goes on running after this process. */
  readonly startedEngine?: { readonly pid: number; readonly uri: string };
  /** Stops what this process owns (a mongod from `--mongo memory`); the shared engine and a URL's server stay up. */
  stop(): Promise<void>;
}

export interface ProvideLabMongoOptions {
  /** `RTLAB_HOME`, where the shared engine is recorded. */
  readonly home: string;
  readonly cwd: string;
  readonly logger: Logger;
  /** Ctrl-C while the shared engine starts: it is stopped again (a lab's start cut short leaves nothing). */
  readonly signal?: AbortSignal;
}

const keepRunning = async () => undefined;

/**
 * Turns the configuration's MongoDB plan into a server's URL. For the embedded engine there is
 * one rule: the lab's own engine is reused — the one recorded in RTLAB_HOME, or an rtlab engine
 * (`rtlab mongo serve`) already on MONGO_PORT; a port held by anything else is an environment
 * error (exit 3) that names the holder; otherwise the shared engine is started as a process of
 * its own, so that it outlives the service that needed it.
 */
export async function provideLabMongo(plan: MongoPlan, options: ProvideLabMongoOptions): Promise<ProvidedMongo> {
  if (plan.kind === 'url') return { url: plan.url, description: redactMongoUrl(plan.url), stop: keepRunning };
  if (plan.kind === 'memory') {
    const mongod = await startMemoryMongod(options.logger);
    return { url: mongod.url, description: 'mongod from mongodb-memory-server', stop: () => mongod.stop() };
  }
  const headStart = await takeHeadStartedEngine(options.home);
  const running = headStart === undefined ? await findLabEngine(plan.port, options.home) : undefined;
  if (running !== undefined)
    return { url: running, description: `the lab's embedded engine (${running})`, stop: keepRunning };
  const engine =
    headStart ??
    (await startSharedEngine({
      home: options.home,
      cwd: options.cwd,
      port: plan.port,
      signal: options.signal,
    }));
  if (!engine.startedHere)
    return { url: engine.uri, description: `the lab's embedded engine (${engine.uri})`, stop: keepRunning };
  options.logger.info(`Started the embedded MongoDB on port ${engine.port} (none was running)`, {
    uri: engine.uri,
    pid: engine.pid,
  });
  return {
    url: engine.uri,
    description: `the lab's embedded engine (${engine.uri})`,
    startedEngine: { pid: engine.pid, uri: engine.uri },
    stop: keepRunning,
  };
}

/** The lab's engine that already runs: recorded in RTLAB_HOME (whatever port it got), or an rtlab engine on the port. */
async function findLabEngine(port: number, home: string): Promise<string | undefined> {
  const recorded = readLiveEngineRecord(home);
  // Another service is starting it right now: wait for it rather than start a second one.
  if (recorded !== undefined) return (recorded.uri === undefined ? await waitForEngineUri(home) : recorded)?.uri;
  if (port === 0) return undefined;
  const probe = await probePort(port);
  if (probe.status === 'free') return undefined;
  if (probe.status === 'unavailable') {
    throw new EnvironmentError(`Cannot listen on port ${port} for the embedded MongoDB: ${probe.code}.`, {
      hint: `Set ${labMongo.portSetting} to a port above 1024, or MONGO_URL to a MongoDB you run.`,
    });
  }
  if (probe.labService === labMongo.name) return toEmbeddedMongoUrl(port);
  const holder =
    probe.holder === undefined
      ? "a process rtlab cannot see (another user's, or outside this system)"
      : `pid ${probe.holder.pid} (${probe.holder.command})`;
  throw new EnvironmentError(
    `Port ${port} is in use (${labMongo.name}) by ${holder}, which is not the lab's embedded MongoDB.`,
    {
      hint: `Stop it, set ${labMongo.portSetting} to another port, or use that server as the lab's MongoDB with MONGO_URL=mongodb://127.0.0.1:${port} (or --mongo).`,
    },
  );
}

/** The running lab's MongoDB URL, for commands that only inspect it (they never start one). */
export function findRunningLabMongoUrl(plan: MongoPlan, home: string): string | undefined {
  if (plan.kind === 'url') return plan.url;
  if (plan.kind === 'memory') return undefined;
  // The shared engine's record knows its address even when MONGO_PORT=0 let it pick one.
  return readLiveEngineRecord(home)?.uri ?? (plan.port === 0 ? undefined : toEmbeddedMongoUrl(plan.port));
}

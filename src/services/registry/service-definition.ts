import type { LabConfig, PortSetting } from '../../config/lab-config.js';
import type { LoggerFactory } from '../../log/create-logger-factory.js';
import type { LabDb } from '../../mongo/connect-mongo.js';
import type { ReadinessSpec } from './readiness-spec.js';

/** The seed's profiles; `core` is what every profile runs (MongoDB). */
export type LabProfile = 'core' | 'webhooks' | 'grpc' | 'websockets';

/** What the registry knows about every part of the lab, MongoDB included. */
export interface ServiceFacts {
  /** The name logs, `rtlab serve`, containers and `rtlab tail logs` use. */
  readonly name: string;
  readonly profile: LabProfile;
  /** The setting that gives its port (`RECEIVER_PORT`); `--port` sets it for one run. */
  readonly portSetting: PortSetting;
  readonly readiness: ReadinessSpec;
  /**
   * The services that must be ready before this one starts, where the lab runs them too: those
   * it calls (the sender's receiver) or publishes to (the relays' ws-server). A runtime starts
   * the lab in this order and stops it in reverse.
   */
  readonly after?: readonly string[];
  /**
   * Whether a line of its log is the one it writes once per request it handles: what the
   * dashboard's REQUESTS column counts (the services write no access log). A part without one
   * (the gRPC bridge, the ws-client's static files, MongoDB) shows "—" there.
   */
  readonly isRequestLine?: (message: string) => boolean;
}

/** What a service gets from the runtime that starts it. */
export interface ServiceContext {
  /** The configuration, flags included: the service listens on its port setting's value. */
  readonly config: LabConfig;
  readonly logs: LoggerFactory;
  /** The lab's database, for services that need MongoDB (undefined for the others). */
  readonly db: LabDb | undefined;
  /** Knobs of `rtlab serve` that are not settings (the sender's retry pace). */
  readonly tuning?: ServiceTuning;
}

export interface ServiceTuning {
  readonly timeScale?: number;
  readonly retryScheduleMs?: readonly number[];
  /** How long the sender's /send waits for its deliveries before answering "pending" (default 10 s). */
  readonly replyWithinMs?: number;
}

/** A running service, whatever runs it. */
export interface StartedService {
  readonly name: string;
  /** The service's base URL (`http://127.0.0.1:3001`), never one of its paths. */
  readonly url: string;
  readonly port: number;
  /** Idempotent; resolves once its sockets and timers are closed. */
  stop(): Promise<void>;
}

/** A service the lab runs: its facts and how to start it. */
export interface ServiceDefinition extends ServiceFacts {
  readonly needsMongo: boolean;
  /** When the lab is open to the network: how a user reaches what now needs RTLAB_API_TOKEN (printed, never logged). */
  readonly openAccessHint?: (url: string, apiToken: string) => string;
  start(context: ServiceContext): Promise<StartedService>;
}

/**
 * A part of the lab that runs once and exits, as the seed's `grpc-client` container does: no
 * port, no readiness, nothing to stop, so it is not a ServiceFacts. A runtime runs
 * `rtlab <command…>` for it (a child process, a container) once the services it comes `after`
 * are ready; its exit code is its result.
 */
export interface OneShotFacts {
  readonly name: string;
  readonly profile: LabProfile;
  /** The rtlab arguments it runs: `['grpc', 'create-order']`. */
  readonly command: readonly string[];
  /** The services that must be ready before it runs. */
  readonly after: readonly string[];
}

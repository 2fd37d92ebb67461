import type { LabDb } from '../../mongo/connect-mongo.js';
import type { LogInbox } from '../evidence/log-inbox.js';
import type { LabControl } from './lab-control.js';

/** The lab a run works against, attached to or started for it. */
export interface ScenarioLab {
  /** Each running service by name, with its base URL. */
  readonly services: Readonly<Record<string, { readonly url: string }>>;
  readonly profiles: readonly string[];
  readonly db: LabDb;
  readonly logs: LogInbox;
  readonly webhookSecret: string;
  readonly wsToken: string;
  /** Signs the tokens of `grpc` steps. */
  readonly jwtSecret: string;
  /** The folder `cli` steps run rtlab in, and the environment that points them at this lab. */
  readonly cwd: string;
  readonly cliEnv: Readonly<Record<string, string | undefined>>;
  /** `attached`: a lab that was running (`rtlab up`); `started`: one this run started and stops. */
  readonly origin: 'attached' | 'started';
  /** Faults (stopping services, the receiver's fault switch): only on a lab this run started. */
  readonly control?: LabControl;
}

/** The lab's service that answers at a URL, for quoting its log lines when a step about it fails. */
export function findServiceAt(lab: ScenarioLab, url: string): string | undefined {
  return Object.entries(lab.services).find(([, service]) => url.startsWith(service.url))?.[0];
}

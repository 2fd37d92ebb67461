import { findLabPart } from '../../services/registry.js';
import type { ReadinessSpec } from '../../services/registry/readiness-spec.js';
import { labMongo } from '../../services/registry/mongo.js';
import { allOf } from '../readiness/all-of.js';
import type { ReadinessCheck } from '../readiness/readiness-check.js';
import { toReadinessCheck } from '../readiness/to-readiness-check.js';
import type { LabState } from './lab-state.js';

export interface PartHealth {
  readonly name: string;
  readonly url: string;
  readonly port: number | undefined;
  readonly ready: boolean;
  /** What the failing check saw (`GET /healthz: no answer (ECONNREFUSED)`). */
  readonly detail?: string;
}

/**
 * The health of every part of a recorded lab now, each asked through its registry readiness from
 * outside (HTTP, gRPC health, a Socket.IO handshake, a MongoDB ping), all at once. The log-line
 * parts are left out: another process's log lines are not at hand, and they say only that the
 * service once started.
 */
export async function checkLabHealth(state: LabState, timeoutMs = 2000): Promise<PartHealth[]> {
  return Promise.all(
    state.parts.map(async (part) => {
      const spec = part.name === labMongo.name ? labMongo.readiness : findLabPart(part.name)?.readiness;
      if (spec === undefined) return { ...part, ready: false, detail: 'not a service of this rtlab' };
      // MongoDB is asked at the URL the services use, which may hold credentials the state shows redacted.
      const url = part.name === labMongo.name ? (state.mongoUrl ?? part.url) : part.url;
      const result = await toOutsideCheck(spec).probe({ service: part.name, url, port: part.port }, timeoutMs);
      return result.ready
        ? { ...part, ready: true }
        : { ...part, ready: false, detail: `${result.check}: ${result.detail}` };
    }),
  );
}

function toOutsideCheck(spec: ReadinessSpec): ReadinessCheck {
  if (spec.check === 'log') return allOf();
  if (spec.check === 'all') return allOf(...spec.of.map(toOutsideCheck));
  return toReadinessCheck(spec);
}

import { ready } from './readiness-spec.js';
import type { ServiceFacts } from './service-definition.js';

/**
 * The lab's MongoDB. It has no `start` here: which MongoDB runs (the shared embedded engine, a
 * mongod in memory, or one at a URL) is the configuration's MongoDB plan, and
 * `src/runtime/lab-mongo/` provides it.
 */
export const labMongo: ServiceFacts = {
  name: 'mongo',
  profile: 'core',
  portSetting: 'MONGO_PORT',
  readiness: ready.mongoPing(),
};

import type { LabDb } from '../../mongo/connect-mongo.js';
import type { ServiceContext } from './service-definition.js';

/** The context's database, for a service that declares `needsMongo` (a runtime that forgot it is a bug). */
export function requireDb(context: ServiceContext, service: string): LabDb {
  if (context.db === undefined) throw new Error(`${service} needs a database, and its runtime gave none`);
  return context.db;
}

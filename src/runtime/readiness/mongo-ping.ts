import { connectMongo } from '../../mongo/connect-mongo.js';
import { notReady, type ReadinessCheck } from './readiness-check.js';

/** Ready when the MongoDB at the target's URL answers `ping` (with the driver the services use). */
export function mongoPing(): ReadinessCheck {
  const check: ReadinessCheck = {
    name: 'MongoDB ping',
    async probe(target, timeoutMs) {
      if (target.url === undefined) return notReady(check, 'no connection string');
      try {
        const connection = await connectMongo({
          url: target.url,
          dbName: 'admin',
          serverSelectionTimeoutMs: Math.max(100, timeoutMs),
        });
        await connection.close();
        return { ready: true };
      } catch (error) {
        return notReady(check, (error as Error).message);
      }
    },
  };
  return check;
}

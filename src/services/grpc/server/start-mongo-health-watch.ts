import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { pingDatabase } from '../../../mongo/ping-mongo.js';

export interface MongoHealthWatch {
  stop(): void;
}

/**
 * Pings MongoDB every `intervalMs` and says when the answer changes: the gRPC health service
 * reports NOT_SERVING while the orders cannot be read or written, so a balancer or readiness
 * probe stops sending calls that could only fail.
 */
export function startMongoHealthWatch(
  db: LabDb,
  options: { intervalMs: number; logger: Logger; onChange: (reachable: boolean) => void },
): MongoHealthWatch {
  let reachable = true;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    const now = await pingDatabase(db);
    if (stopped) return;
    if (now !== reachable) {
      reachable = now;
      if (now) options.logger.info('MongoDB reachable again; gRPC health is SERVING');
      else options.logger.warn('MongoDB unreachable; gRPC health is NOT_SERVING');
      options.onChange(now);
    }
    timer = setTimeout(() => void check(), options.intervalMs);
    timer.unref();
  };
  timer = setTimeout(() => void check(), options.intervalMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

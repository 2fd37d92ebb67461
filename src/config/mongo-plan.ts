import path from 'node:path';
import { UsageError } from '../errors.js';

/** `--mongo`: rtlab's embedded engine, a real mongod in memory, or a connection string. */
export type MongoMode = 'lite' | 'memory' | { readonly url: string };

/**
 * Which MongoDB the lab uses, decided once from `--mongo`, `MONGO_URL` and the defaults.
 * `src/runtime/lab-mongo/` turns it into a running server's URL.
 */
export type MongoPlan =
  /** Any MongoDB, reached through its connection string. */
  | { readonly kind: 'url'; readonly url: string }
  /** The lab's shared embedded engine on `port` (`MONGO_PORT`), its data under `dataDir`. */
  | { readonly kind: 'lite'; readonly port: number; readonly dataDir: string }
  /** A real mongod through mongodb-memory-server, for this process only. */
  | { readonly kind: 'memory' };

/** Parses `--mongo lite|memory|<mongodb url>`. */
export function parseMongoMode(text: string): MongoMode | undefined {
  if (text === 'lite' || text === 'memory') return text;
  if (/^mongodb(\+srv)?:\/\//.test(text)) return { url: text };
  return undefined;
}

/** `--mongo` wins over `MONGO_URL`, which wins over the embedded engine. */
export function toMongoPlan(
  flag: string | undefined,
  settings: { mongoUrl: string | undefined; mongoPort: number; home: string },
): MongoPlan {
  const mode = flag === undefined ? undefined : parseMongoMode(flag);
  if (flag !== undefined && mode === undefined) {
    throw new UsageError(`--mongo ${JSON.stringify(flag)} is not lite, memory or a mongodb:// connection string.`, {
      hint: 'For example: --mongo lite, --mongo memory, --mongo mongodb://localhost:27017',
    });
  }
  if (typeof mode === 'object') return { kind: 'url', url: mode.url };
  if (mode === 'memory') return { kind: 'memory' };
  if (mode === undefined && settings.mongoUrl !== undefined) return { kind: 'url', url: settings.mongoUrl };
  return { kind: 'lite', port: settings.mongoPort, dataDir: path.join(settings.home, 'data') };
}

/** The embedded engine's address on a port (a one-node replica set, as the driver expects for change streams). */
export function toEmbeddedMongoUrl(port: number): string {
  return `mongodb://127.0.0.1:${port}/?replicaSet=rs0`;
}

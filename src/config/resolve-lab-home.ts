import path from 'node:path';
import { readDotenv } from './read-dotenv.js';

/**
 * The lab's state folder (`RTLAB_HOME`: `.env` < environment, default `.rtlab`) without loading
 * the settings schema: `rtlab down` needs nothing else, and validating every setting costs more
 * than the rest of its start-up (zod alone, 0.3-0.9 s on a loaded 2-core machine), against a
 * 2 s goal for the whole stop. Same rule as `loadConfig`'s `home`.
 */
export function resolveLabHome(options: {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}): string {
  const fromEnvFile = readDotenv(path.join(options.cwd, '.env'))['RTLAB_HOME'];
  return path.resolve(options.cwd, options.env['RTLAB_HOME'] ?? fromEnvFile ?? '.rtlab');
}

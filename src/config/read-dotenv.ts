import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { UsageError } from '../errors.js';

/** `<cwd>/.env` as KEY=value pairs; none when the file does not exist. */
export function readDotenv(file: string): Record<string, string | undefined> {
  if (!existsSync(file)) return {};
  try {
    return parseEnv(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`, {
      hint: 'Check that .env holds KEY=value lines; .env.example shows every key.',
      cause: error,
    });
  }
}

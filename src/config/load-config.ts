import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { UsageError } from '../errors.js';
import { mergeSettings } from './config-sources.js';
import type { LabConfig } from './lab-config.js';
import { parseConfig } from './parse-config.js';
import { settingKeys } from './settings-schema.js';

export interface LoadConfigOptions {
  readonly cwd: string;
  /** The process environment (passed in so that tests and child processes control it). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Values from command-line flags, keyed by setting name (`LOG_LEVEL`…); they win over all. */
  readonly flags?: Readonly<Record<string, string | undefined>>;
}

/** Reads `<cwd>/.env` (if any), then the environment, then flags, and validates the result. */
export function loadConfig(options: LoadConfigOptions): LabConfig {
  const dotenv = readDotenv(path.join(options.cwd, '.env'));
  const raw = mergeSettings(
    [
      { source: '.env', values: dotenv },
      { source: 'environment', values: options.env },
      { source: 'flag', values: options.flags ?? {} },
    ],
    settingKeys,
  );
  return parseConfig(raw, options.cwd);
}

function readDotenv(file: string): Record<string, string | undefined> {
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

import path from 'node:path';
import { mergeSettings } from './config-sources.js';
import type { LabConfig } from './lab-config.js';
import { parseConfig } from './parse-config.js';
import { readDotenv } from './read-dotenv.js';
import { isHostName, isListenAddress, settingKeys } from './settings-schema.js';

export interface LoadConfigOptions {
  readonly cwd: string;
  /** The process environment (passed in so that tests and child processes control it). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Values from command-line flags, keyed by setting name (`LOG_LEVEL`…); they win over all. */
  readonly flags?: Readonly<Record<string, string | undefined>>;
  /** `--mongo lite|memory|<url>`, for the commands that have it. */
  readonly mongo?: string | undefined;
}

/** Reads `<cwd>/.env` (if any), then the environment, then flags, and validates the result. */
export function loadConfig(options: LoadConfigOptions): LabConfig {
  const dotenv = readDotenv(path.join(options.cwd, '.env'));
  const raw = mergeSettings(
    [
      { source: '.env', values: dotenv },
      { source: 'environment', values: withoutShellHostName(options.env) },
      { source: 'flag', values: options.flags ?? {} },
    ],
    settingKeys,
  );
  return parseConfig(raw, options.cwd, { mongo: options.mongo });
}

/**
 * tcsh exports HOST as the machine's name for every program; it is not a setting of ours, and
 * must not hide the HOST of `.env`. A HOST that holds an address is still read (the fallback
 * for RTLAB_HOST).
 */
function withoutShellHostName(env: LoadConfigOptions['env']): LoadConfigOptions['env'] {
  const host = env['HOST'];
  if (host === undefined || isListenAddress(host) || !isHostName(host)) return env;
  return { ...env, HOST: undefined };
}

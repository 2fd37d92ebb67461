import { loadConfig, type LoadConfigOptions } from '../config/load-config.js';
import type { LabConfig } from '../config/lab-config.js';
import { writeEnvFileIfMissing } from '../config/write-env-file.js';
import type { CliContext, GlobalOptions } from './cli-context.js';

/** A fresh clone needs no hand-made `.env`: write one on first use and say so in one line. */
export function ensureEnvFile(context: CliContext, cwd: string): void {
  const written = writeEnvFileIfMissing(cwd);
  if (written.created) context.stderr.write(`Created ${written.path} with random development secrets (see .env.example).\n`);
}

/**
 * The configuration a command runs with: `.env`, then the environment, then flags — the global
 * ones and the command's own (`--port` as its service's port setting, `--mongo`).
 */
export function loadCliConfig(context: CliContext, globals: GlobalOptions, command: Pick<LoadConfigOptions, 'flags' | 'mongo'> = {}): LabConfig {
  ensureEnvFile(context, globals.cwd);
  return loadConfig({ cwd: globals.cwd, env: context.env, flags: { ...command.flags, LOG_LEVEL: globals.logLevel }, mongo: command.mongo });
}

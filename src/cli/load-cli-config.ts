import { loadConfig, type LoadConfigOptions } from '../config/load-config.js';
import type { LabConfig } from '../config/lab-config.js';
import { writeEnvFileIfMissing } from '../config/write-env-file.js';
import { InvalidSettingsError } from '../config/config-problem.js';
import type { CliContext, GlobalOptions } from './cli-context.js';
import { toConfigAsRead } from './config-as-read.js';

/** A fresh clone needs no hand-made `.env`: write one on first use and say so in one line. */
export function ensureEnvFile(context: CliContext, cwd: string): void {
  const written = writeEnvFileIfMissing(cwd);
  if (written.created)
    context.stderr.write(`Created ${written.path} with random development secrets (see .env.example).\n`);
}

/**
 * The configuration a command runs with: `.env`, then the environment, then flags — the global
 * ones and the command's own (`--port` as its service's port setting, `--mongo`). An invalid
 * setting stops the command here, every problem listed (exit 2), unless the command runs with
 * the settings it reads (`settingsNeeded: 'as-read'`): then only reading a broken one stops it.
 */
export function loadCliConfig(
  context: CliContext,
  globals: GlobalOptions,
  command: Pick<LoadConfigOptions, 'flags' | 'mongo'> = {},
): LabConfig {
  ensureEnvFile(context, globals.cwd);
  const options: LoadConfigOptions = {
    cwd: globals.cwd,
    env: context.env,
    flags: { ...command.flags, LOG_LEVEL: globals.logLevel },
    mongo: command.mongo,
  };
  try {
    return loadConfig(options);
  } catch (error) {
    if (!(error instanceof InvalidSettingsError) || context.settingsNeeded !== 'as-read') throw error;
    const asRead = toConfigAsRead(error, options);
    if (asRead === undefined) throw error;
    const names = [...asRead.broken].join(', ');
    context.stderr.write(
      `! Invalid ${asRead.broken.size === 1 ? 'setting' : 'settings'} ${names}; this command goes on without ${asRead.broken.size === 1 ? 'it' : 'them'}. rtlab doctor lists the problems.\n`,
    );
    return asRead.config;
  }
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidSettingsError } from '../config/config-problem.js';
import { loadConfig, type LoadConfigOptions } from '../config/load-config.js';
import type { LabConfig } from '../config/lab-config.js';
import { writeEnvFileIfMissing } from '../config/write-env-file.js';
import { UsageError } from '../errors.js';
import type { CliContext, GlobalOptions } from './cli-context.js';
import { settingsOfFields, toConfigAsRead } from './config-as-read.js';

/** A fresh clone needs no hand-made `.env`: write one on first use and say so in one line. */
export function ensureEnvFile(context: CliContext, cwd: string): void {
  const written = writeEnvFileIfMissing(cwd);
  if (written.created)
    context.stderr.write(`Created ${written.path} with random development secrets (see .env.example).\n`);
}

export interface LoadCliConfigOptions extends Pick<LoadConfigOptions, 'flags' | 'mongo'> {
  /**
   * The command only reads or stops something (`tail logs`, `webhooks events`, `mongo stop`): it
   * writes no `.env`, and uses only the settings it reads, like an `as-read` command.
   */
  readonly readOnly?: boolean;
  /**
   * The fields the command reads (`wsToken`…). A broken setting behind one of them stops the
   * command here (exit 2); any other is named in a warning, and the command goes on without it.
   */
  readonly reads?: ReadonlyArray<keyof LabConfig>;
}

/**
 * The configuration a command runs with: `.env`, then the environment, then flags — the global
 * ones and the command's own (`--port` as its service's port setting, `--mongo`). An invalid
 * setting stops the command here, every problem listed (exit 2), unless the command runs with
 * the settings it reads (`settingsNeeded: 'as-read'`, or `readOnly`) and none of its `reads`
 * is broken.
 */
export function loadCliConfig(
  context: CliContext,
  globals: GlobalOptions,
  command: LoadCliConfigOptions = {},
): LabConfig {
  if (command.readOnly !== true) ensureEnvFile(context, globals.cwd);
  const options: LoadConfigOptions = {
    cwd: globals.cwd,
    env: context.env,
    flags: { ...command.flags, LOG_LEVEL: globals.logLevel },
    mongo: command.mongo,
  };
  try {
    return loadConfig(options);
  } catch (error) {
    const asReadAllowed = context.settingsNeeded === 'as-read' || command.readOnly === true;
    if (!(error instanceof InvalidSettingsError) || !asReadAllowed) throw error;
    const hasEnvFile = existsSync(path.join(globals.cwd, '.env'));
    const needed = settingsOfFields(command.reads ?? []);
    const blocking = error.settingProblems.filter((problem) => problem.settings.some((key) => needed.has(key)));
    if (blocking.length > 0) throw hasEnvFile ? error : noEnvFile(globals.cwd, blocking);
    const asRead = toConfigAsRead(error, options);
    if (asRead === undefined) throw error;
    // Without a .env, unset secrets are expected, not a problem to warn about; reading one still stops.
    const shown = error.settingProblems.filter((problem) => hasEnvFile || !problem.missing);
    const names = [...new Set(shown.flatMap((problem) => problem.settings))].sort();
    if (names.length > 0)
      context.stderr.write(
        `! Invalid ${names.length === 1 ? 'setting' : 'settings'} ${names.join(', ')}; this command goes on without ${names.length === 1 ? 'it' : 'them'}. rtlab doctor lists the problems.\n`,
      );
    return asRead.config;
  }
}

/** A reading command run where no lab was set up: the secrets it needs exist only in the lab's `.env`. */
function noEnvFile(cwd: string, problems: InvalidSettingsError['settingProblems']): UsageError {
  const names = [...new Set(problems.flatMap((problem) => problem.settings))].sort();
  if (!problems.every((problem) => problem.missing))
    return new InvalidSettingsError(problems, 'Fix these in the environment, then run the command again.');
  return new UsageError(`No .env in ${cwd}, and ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not set.`, {
    hint: "Run it in the lab's folder (or with --cwd), or start the lab first: rtlab serve writes .env with the secrets its services share.",
  });
}

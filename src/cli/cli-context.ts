/** What every command receives from main: its streams, environment and the stop signal. */
export interface CliContext {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT/SIGTERM: long-running commands stop and return. */
  readonly signal: AbortSignal;
  /** Set by a command whose outcome is not success (a failed check, a failed scenario). */
  exitCode: number;
  /** Set from the command table for the command being run (unset means `all`); see loadCliConfig. */
  settingsNeeded?: SettingsNeeded;
}

/**
 * `all`: any invalid setting stops the command before it starts (servers, benchmarks).
 * `as-read`: only a setting the command reads stops it, so `rtlab tail logs` works while a
 * broken `.env` is being fixed.
 */
export type SettingsNeeded = 'all' | 'as-read';

export interface GlobalOptions {
  readonly cwd: string;
  readonly logLevel?: string;
  readonly color: boolean;
}

/**
 * Colour follows the no-color.org and FORCE_COLOR conventions, then `--no-color`, then whether
 * the stream is a terminal.
 */
export function isColorEnabled(stream: NodeJS.WriteStream, env: CliContext['env'], colorFlag: boolean): boolean {
  if (!colorFlag) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return stream.isTTY === true;
}

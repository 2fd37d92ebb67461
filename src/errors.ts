/**
 * The errors a user can act on. Anything thrown that is not one of these is a bug in rtlab:
 * the CLI shows its stack and exits 70.
 */

/** Exit codes, as documented in the README. */
export const ExitCode = {
  ok: 0,
  scenarioFailed: 1,
  usage: 2,
  environment: 3,
  internal: 70,
  interrupted: 130,
  /** SIGTERM (128 + 15), or the process that started rtlab is gone. */
  terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Base of every error a user can fix: a message and, where it helps, what to do next. */
export class RtlabError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: ExitCodeValue;

  constructor(message: string, options: { hint?: string; exitCode: ExitCodeValue; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
    this.exitCode = options.exitCode;
  }
}

/** The command line or the configuration is wrong (exit 2). */
export class UsageError extends RtlabError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { ...options, exitCode: ExitCode.usage });
  }
}

/** Configuration is invalid; every problem is listed at once (exit 2). */
export class ConfigError extends UsageError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], hint?: string) {
    super(
      `Invalid configuration (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      hint === undefined ? {} : { hint },
    );
    this.problems = problems;
  }
}

/** Something outside rtlab is not as needed: a busy port, no container engine, MongoDB down (exit 3). */
export class EnvironmentError extends RtlabError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { ...options, exitCode: ExitCode.environment });
  }
}

/**
 * A listen failure told the way a user can act on it: which port, which service, which setting
 * moves it. Other errors pass through unchanged.
 */
export function toListenError(error: unknown, where: { port: number; service: string; setting: string }): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new EnvironmentError(`Port ${where.port} is in use (${where.service}).`, {
      hint: `Stop the other process (rtlab doctor shows which) or set ${where.setting} to another port.`,
      cause: error,
    });
  }
  if (code === 'EACCES') {
    return new EnvironmentError(`Not allowed to listen on port ${where.port} (${where.service}).`, {
      hint: `Use a port above 1024 with ${where.setting}.`,
      cause: error,
    });
  }
  return error;
}

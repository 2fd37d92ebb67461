import { ConfigError } from '../errors.js';

/** One thing wrong with the configuration, and the settings it is about. */
export interface ConfigProblem {
  /**
   * The settings to fix: one for a bad value (`RECEIVER_PORT`), two for a clash between them
   * (`RECEIVER_PORT and SENDER_PORT are both 4000`). A command that reads none of them can go on.
   */
  readonly settings: readonly string[];
  /** What the user reads, the setting named in it. */
  readonly message: string;
  /** Every setting it names is set nowhere (not in `.env`, the environment or a flag), rather than set wrong. */
  readonly missing: boolean;
}

/** Invalid settings, every one listed (exit 2), with the settings each problem is about. */
export class InvalidSettingsError extends ConfigError {
  readonly settingProblems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], hint?: string) {
    super(
      problems.map((problem) => problem.message),
      hint,
    );
    this.settingProblems = problems;
  }
}

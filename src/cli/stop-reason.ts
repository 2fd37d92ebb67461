import { ExitCode } from '../errors.js';

/** Why a command was told to stop before it finished, and the exit code that says so. */
export interface StopReason {
  /** What the user reads on stderr: `Interrupted by SIGINT (Ctrl-C).` */
  readonly message: string;
  readonly exitCode: number;
}

/**
 * SIGINT is 130 and SIGTERM 143 (128 + the signal, as a shell reports a process the signal
 * killed), after the same clean stop. A parent that is gone is told like SIGTERM: it is the
 * stop a supervisor would have sent had it been able to.
 */
export function toStopReason(cause: NodeJS.Signals | 'npm-exec-gone' | 'parent-gone'): StopReason {
  switch (cause) {
    case 'SIGINT':
      return { message: 'Interrupted by SIGINT (Ctrl-C).', exitCode: ExitCode.interrupted };
    case 'npm-exec-gone':
      return { message: 'Stopped: npm exec, which started rtlab, is gone.', exitCode: ExitCode.terminated };
    case 'parent-gone':
      return { message: 'Stopped: the rtlab process that started this one is gone.', exitCode: ExitCode.terminated };
    default:
      return { message: `Stopped by ${cause}.`, exitCode: ExitCode.terminated };
  }
}

/** Whether a command's exit code says it was cut short by a stop (and main should say why). */
export function isStopExitCode(code: number): boolean {
  return code === ExitCode.interrupted || code === ExitCode.terminated;
}

// First: a signal that arrives while the other modules load is noted, not lost.
import { takeEarlyStopSignal } from './early-stop-signals.js';
import { setMaxListeners } from 'node:events';
import { CommanderError } from 'commander';
import { ExitCode, RtlabError, UsageError } from '../errors.js';
import { asInvoked } from './as-invoked.js';
import type { CliContext } from './cli-context.js';
import { createProgram, shownOnRequest } from './create-program.js';
import { toPrintable } from './to-printable.js';
import { isStopExitCode, toStopReason, type StopReason } from './stop-reason.js';
import { watchNpmExecParent } from './watch-npm-exec-parent.js';
import { watchParentChannel } from './watch-parent-channel.js';

/** How long a command may take to wind down after Ctrl-C or SIGTERM before rtlab exits anyway: the 10 s `rtlab up` promises its services to drain (issue 11). */
const shutdownGraceMs = 10_000;

/**
 * The only place that catches everything, maps errors to exit codes and exits. Results go to
 * stdout; messages, hints and logs to stderr.
 */
async function main(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  // Every wait of a long command (a benchmark's rounds, children, sockets) listens for the stop:
  // more than Node's default of 10 is normal here, and its leak warning would be noise on stderr.
  setMaxListeners(100, controller.signal);
  const context: CliContext = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: controller.signal,
    exitCode: ExitCode.ok,
  };
  let stopped: StopReason | undefined;
  const stop = (reason: StopReason) => {
    // A second Ctrl-C does not wait for the clean stop; children still see this process go (see watchParentChannel).
    if (stopped !== undefined) exitNow(context, stopped);
    stopped = reason;
    context.exitCode = reason.exitCode;
    controller.abort(new Error(reason.message));
    setTimeout(
      () => exitNow(context, reason, ` It did not stop within ${shutdownGraceMs / 1000} s.`),
      shutdownGraceMs,
    ).unref();
  };
  // `rtlab --help | head` closes the pipe early: the reader has what it wanted, which is no error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(context.exitCode);
  });
  // A parent that is gone took the read end of stderr with it: the last lines (the stop's) have
  // nowhere to go, which must not turn a clean stop into a crash.
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  process.on('SIGINT', () => stop(toStopReason('SIGINT')));
  process.on('SIGTERM', () => stop(toStopReason('SIGTERM')));
  const early = takeEarlyStopSignal();
  if (early !== undefined) stop(toStopReason(early));
  watchNpmExecParent(process.env, () => stop(toStopReason('npm-exec-gone')));
  watchParentChannel(() => stop(toStopReason('parent-gone')));

  let code: number;
  try {
    await (await createProgram(context, argv)).parseAsync(argv);
    code = context.exitCode;
  } catch (error) {
    // Ctrl-C reaches a child too, and the child's exit may be handled before this process's own
    // SIGINT, in the same turn of the event loop: a turn later, the signal has been seen.
    await new Promise((resolve) => setImmediate(resolve));
    // Cut short by a stop, a command fails however its work was interrupted (a child it waited
    // for was stopped by the same Ctrl-C, a connection closed): that is the stop, not an error.
    // A failed check is a result that stands (chat messages not stored before Ctrl-C): exit 1.
    code = stopped === undefined || isFailedCheck(error) ? reportError(error, context) : stopped.exitCode;
  }
  if (stopped !== undefined && isStopExitCode(code)) context.stderr.write(`${stopped.message}\n`);
  return code;
}

/** Exits with the stop's code at once, saying so: a second Ctrl-C, or a command that would not stop. */
function exitNow(context: CliContext, reason: StopReason, detail = ''): never {
  context.stderr.write(`${reason.message}${detail}\n`);
  process.exit(reason.exitCode);
}

function isFailedCheck(error: unknown): boolean {
  return error instanceof RtlabError && error.exitCode === ExitCode.scenarioFailed;
}

function reportError(error: unknown, context: CliContext): number {
  // Commander has printed the help or the version; its errors arrive here as UsageErrors.
  if (error instanceof CommanderError && shownOnRequest.has(error.code)) return ExitCode.ok;
  if (error instanceof CommanderError)
    return reportError(
      new UsageError(error.message.replace(/^error: /, ''), { hint: 'Run rtlab --help to see the commands.' }),
      context,
    );
  if (error instanceof RtlabError) {
    // Messages quote what servers and MongoDB said (a refused chat text, a failure reason).
    context.stderr.write(`✗ ${toPrintable(error.message, { newlines: true })}\n`);
    if (error.hint !== undefined)
      context.stderr.write(`  hint: ${toPrintable(asInvoked(error.hint, context.env), { newlines: true })}\n`);
    return error.exitCode;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  context.stderr.write(
    `✗ rtlab hit an internal error. This is a bug in rtlab; please report it with the lines below.\n${stack}\n`,
  );
  return ExitCode.internal;
}

const code = await main(process.argv);
process.exitCode = code;
// Open handles (a watcher, a socket) must not keep a finished command alive.
setImmediate(() => process.exit(code));

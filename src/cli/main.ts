import { CommanderError } from 'commander';
import { ExitCode, RtlabError, UsageError } from '../errors.js';
import type { CliContext } from './cli-context.js';
import { createProgram, shownOnRequest } from './create-program.js';
import { toPrintable } from './to-printable.js';
import { watchNpmExecParent } from './watch-npm-exec-parent.js';

/** How long a command may take to wind down after Ctrl-C before rtlab exits anyway. */
const shutdownGraceMs = 5000;

/**
 * The only place that catches everything, maps errors to exit codes and exits. Results go to
 * stdout; messages, hints and logs to stderr.
 */
async function main(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  const context: CliContext = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: controller.signal,
    exitCode: ExitCode.ok,
  };
  const stop = (reason: string) => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    context.exitCode = ExitCode.interrupted;
    controller.abort(new Error(reason));
    setTimeout(() => process.exit(ExitCode.interrupted), shutdownGraceMs).unref();
  };
  const onSignal = (signal: NodeJS.Signals) => stop(`received ${signal}`);
  // `rtlab --help | head` closes the pipe early: the reader has what it wanted, which is no error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(context.exitCode);
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  watchNpmExecParent(process.env, () => stop('npm exec, which started rtlab, is gone'));

  try {
    await (await createProgram(context, argv)).parseAsync(argv);
    return context.exitCode;
  } catch (error) {
    return reportError(error, context);
  }
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
    if (error.hint !== undefined) context.stderr.write(`  hint: ${toPrintable(error.hint, { newlines: true })}\n`);
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

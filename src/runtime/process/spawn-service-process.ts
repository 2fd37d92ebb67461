import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { EnvironmentError } from '../../errors.js';
import { createLogFeed, type LogFeed } from '../readiness/log-feed.js';

const rtlabBin = fileURLToPath(new URL('../../../bin/rtlab.js', import.meta.url));

/** How a child process ended: its exit code, or the signal that ended it. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface SpawnServiceProcessOptions {
  /** The lab's folder (`--cwd`): the child reads the same `.env` and writes under the same RTLAB_HOME. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Each line the child prints (stdout or stderr), as it prints it. */
  readonly onLine?: (line: string) => void;
}

/** One `rtlab serve <service>` child: its output, its end, and a stop that always ends it. */
export interface ServiceProcess {
  readonly name: string;
  readonly pid: number | undefined;
  readonly startedAt: number;
  /** What it printed lately: the readiness log-line check reads it, and a crash report quotes it. */
  readonly feed: LogFeed;
  /** Aborted, with an error saying how, once the process has exited: ends a wait for its readiness. */
  readonly exitSignal: AbortSignal;
  readonly exited: Promise<ProcessExit>;
  /** SIGTERM, then SIGKILL once `graceMs` have passed; resolves once it has exited. Idempotent. */
  stop(graceMs: number): Promise<ProcessExit>;
}

/**
 * Starts `rtlab serve <service>` as a child process. It runs in a process group of its own, so
 * that the terminal's Ctrl-C reaches only the supervisor, which then stops the services in
 * reverse order; it holds an IPC channel to the supervisor and stops when that closes, so a
 * `kill -9` of the supervisor leaves no service behind (watchParentChannel in the child).
 */
export function spawnServiceProcess(name: string, options: SpawnServiceProcessOptions): ServiceProcess {
  const child = spawn(process.execPath, [rtlabBin, '--cwd', options.cwd, 'serve', name], {
    cwd: options.cwd,
    env: { ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  }) as ChildProcessByStdio<null, Readable, Readable>;
  // Nothing is sent over the channel: it must not keep the supervisor alive.
  child.channel?.unref();
  const feed = createLogFeed(200);
  const exitController = new AbortController();
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      feed.push(`${line}\n`);
      options.onLine?.(line);
    });
  const exited = new Promise<ProcessExit>((resolve) => {
    const done = (exit: ProcessExit) => {
      exitController.abort(exitedError(name, child.pid, exit, feed));
      resolve(exit);
    };
    // 'close', not 'exit': by then its last lines have been read, and a report can quote them.
    child.once('close', (code, signal) => done({ code, signal }));
    child.once('error', (error) => {
      feed.push(`${error.message}\n`);
      if (child.pid === undefined) done({ code: null, signal: null });
    });
  });
  let stopping: Promise<ProcessExit> | undefined;
  return {
    name,
    pid: child.pid,
    startedAt: Date.now(),
    feed,
    exitSignal: exitController.signal,
    exited,
    stop: (graceMs) =>
      (stopping ??= (async () => {
        if (exitController.signal.aborted) return exited;
        child.kill('SIGTERM');
        // Once it has exited, the grace timer must not keep the supervisor waiting.
        const timer = setTimeout(() => child.kill('SIGKILL'), Math.max(0, graceMs));
        const exit = await exited;
        clearTimeout(timer);
        return exit;
      })()),
  };
}

/** `exited with 1`, `was killed by SIGKILL`: how a report names a process's end. */
export function describeExit(exit: ProcessExit): string {
  if (exit.signal !== null) return `was killed by ${exit.signal}`;
  return exit.code === null ? 'could not be started' : `exited with ${exit.code}`;
}

function exitedError(name: string, pid: number | undefined, exit: ProcessExit, feed: LogFeed): EnvironmentError {
  const tail = feed.lines().slice(-10);
  const said =
    tail.length === 0 ? 'It printed nothing.' : `Its last lines:\n${tail.map((line) => `    ${line}`).join('\n')}`;
  return new EnvironmentError(`${name} (rtlab serve ${name}, pid ${pid ?? '?'}) ${describeExit(exit)}. ${said}`, {
    hint: `rtlab serve ${name} runs it alone in the foreground; rtlab tail logs ${name} shows its whole log.`,
  });
}

import type { ChildProcess } from 'node:child_process';

/** Everything a running rtlab has printed so far, and a way to wait for a line. */
export interface LabOutput {
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout or stderr matches; rejects with what was printed if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (null after a signal) once the process has exited. */
  exited(): Promise<number | null>;
}

export function watchOutput(child: ChildProcess): LabOutput {
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const changed = () => waiters.forEach((check) => check());
  child.stdout?.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), changed()));
  child.stderr?.on('data', (chunk: Buffer) => ((stderr += chunk.toString()), changed()));
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    exited: () => exit,
    waitFor: (pattern, timeoutMs = 120_000) =>
      new Promise<void>((resolve, reject) => {
        const fail = (why: string) => {
          waiters.delete(check);
          clearTimeout(timer);
          reject(new Error(`${why} before ${pattern} appeared.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        };
        const check = () => {
          if (!pattern.test(stdout) && !pattern.test(stderr)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => fail(`${timeoutMs} ms passed`), timeoutMs);
        waiters.add(check);
        void exit.then((code) => fail(`rtlab exited with ${code}`));
        check();
      }),
  };
}

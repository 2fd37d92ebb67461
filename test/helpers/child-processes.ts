import type { ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';

/** A list to push spawned rtlab processes into; each still running is stopped (SIGTERM) after each test. */
export function useChildProcesses(): ChildProcess[] {
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      // A child killed by a signal has no exit code, only a signal code: it is gone all the same.
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
  return children;
}

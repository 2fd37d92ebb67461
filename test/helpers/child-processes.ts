import type { ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';

/** A list to push spawned rtlab processes into; each still running is stopped (SIGTERM) after each test. */
export function useChildProcesses(): ChildProcess[] {
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
  return children;
}

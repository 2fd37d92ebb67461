import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { stopSharedEngine } from '../../src/runtime/shared-mongo/stop-shared-engine.js';

/**
 * A fresh folder per test, removed afterwards — with the lab's shared MongoDB that a service
 * started there (it is detached and would outlive the test).
 */
export function useTempDir(prefix = 'rtlab-test-'): () => string {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) {
      await stopSharedEngine(path.join(dir, '.rtlab'), 2000);
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return () => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../src/errors.js';
import { spawnRtlab } from '../src/runtime/spawn-rtlab.js';
import { childrenOf, eventually } from './helpers/process-group.js';
import { useTempDir } from './helpers/temp-dir.js';

/** A child that never got ready: the error says what it printed, or that it printed nothing, and no child is left. */
describe('spawnRtlab, when the child is not ready', () => {
  const tempDir = useTempDir();
  const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1' };

  it('says the child printed nothing when the deadline passes before its first line, and kills it', async () => {
    const before = new Set(childrenOf(process.pid));
    // 1 ms: no Node process prints anything that soon, as a very busy machine would look for 15 s.
    const started = spawnRtlab(['mongo', 'serve', '--port', '0', '--no-persist'], {
      cwd: tempDir(),
      env,
      ready: (output) => /^mongodb:\/\//m.exec(output)?.[0],
      timeoutMs: 1,
    });
    const error = await started.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).message).toBe(
      'rtlab mongo serve --port 0 --no-persist was not ready within 1 ms: it printed nothing (a very busy machine starts slowly)',
    );
    expect((error as EnvironmentError).hint).toBe(
      'Run rtlab mongo serve --port 0 --no-persist alone to see why, or rtlab doctor.',
    );
    await eventually(() => childrenOf(process.pid).every((pid) => before.has(pid)));
  });

  it('quotes what the child printed when it exits before it is ready', async () => {
    const error = await spawnRtlab(['mongo', 'serve', '--port', 'abc'], {
      cwd: tempDir(),
      env,
      ready: (output) => /^mongodb:\/\//m.exec(output)?.[0],
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).message).toMatch(
      /^rtlab mongo serve --port abc exited with 2 before it was ready: ✗ --port "abc" must be a whole number/,
    );
  });
});

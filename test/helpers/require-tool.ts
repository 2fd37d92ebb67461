import { spawnSync } from 'node:child_process';

/**
 * Whether an outside tool this test needs is here. On a developer's machine a missing tool
 * skips the test with the reason; under CI=true it must be there, and its absence fails.
 */
export function requireTool(check: { command: string; args: string[]; why: string; install: string }): {
  available: boolean;
  reason: string;
} {
  const result = spawnSync(check.command, check.args, { encoding: 'utf8', timeout: 20_000 });
  const available = result.status === 0;
  const reason = `${check.why} is not available (${check.install})`;
  if (!available && process.env['CI'] === 'true') throw new Error(`CI=true but ${reason}`);
  // Vitest's default reporter shows the count of skipped tests, not their names: this line says why.
  if (!available) console.warn(`Skipping the tests that need it: ${reason}.`);
  return { available, reason };
}

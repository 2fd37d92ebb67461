import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freeLabPorts } from './helpers/free-lab-ports.js';
import { runRtlab } from './helpers/run-rtlab.js';
import { useTempDir } from './helpers/temp-dir.js';

/**
 * Every number a user gives rtlab (a flag, a setting in `.env` or the environment) is digits
 * exactly as typed, in range, or a `✗ … / hint: …` and exit 2 before anything starts.
 */
describe('numbers are parsed strictly', () => {
  const tempDir = useTempDir();

  /** A lab folder whose ports are all free, so that a regression cannot collide with another lab. */
  async function lab() {
    return { cwd: tempDir(), env: await freeLabPorts() };
  }

  it.each([
    [['tail', 'logs', '-n', '-5', '--no-follow'], '--lines "-5" must be a whole number of at least 0.'],
    [['tail', 'logs', '--lines', '5 ', '--no-follow'], '--lines "5 " must be a whole number of at least 0.'],
    [['webhooks', 'events', '--limit', ' 5'], '--limit " 5" must be a whole number from 1 to 1000.'],
    [['webhooks', 'send', '--count', '1e1'], '--count "1e1" must be a whole number from 1 to 100.'],
    [['ws', 'history', '--limit', '0x10'], '--limit "0x10" must be a whole number from 1 to 100.'],
    [['serve', 'webhooks-receiver', '--port', ' 43201'], '--port " 43201" must be a whole number from 0 to 65535.'],
    [['mongo', 'serve', '--port', '2701 7'], '--port "2701 7" must be a whole number from 0 to 65535.'],
    [['serve', 'webhooks-sender', '--time-scale', '1e-1'], '--time-scale "1e-1" is not a positive number.'],
    [['bench', 'ws', '--rate', 'Infinity'], '--rate "Infinity" is not a positive number up to 100000.'],
    [['bench', 'mongo', '--duration', ' 10s'], '--duration " 10s" is not a duration of at least 800ms.'],
    [['webhooks', 'sign', '--data', '{}', '--timestamp', '-1'], '--timestamp "-1" must be Unix seconds.'],
  ])('rtlab %j: ✗ the rule, a hint, exit 2', async (args, message) => {
    const { cwd, env } = await lab();
    const run = await runRtlab(args, { cwd, env, killAfterMs: 20_000 });
    expect(run.stderr).toContain(`✗ ${message}\n  hint: `);
    expect(run.code).toBe(2);
  });

  it('a port setting with spaces, from the environment or quoted in .env, is refused (exit 2), naming the setting', async () => {
    const { cwd, env } = await lab();
    writeFileSync(path.join(cwd, '.env'), `WS_PORT=" ${env.WS_PORT}"\n`);
    const { WS_PORT: _fromEnv, ...rest } = env;
    const run = await runRtlab(['serve', 'webhooks-receiver'], {
      cwd,
      env: { ...rest, RECEIVER_PORT: ` ${env.RECEIVER_PORT}` },
      killAfterMs: 20_000,
    });
    expect(run.stderr).toContain(
      `RECEIVER_PORT: found " ${env.RECEIVER_PORT}" in the environment; must be a whole number from 0 to 65535`,
    );
    expect(run.stderr).toContain(`WS_PORT: found " ${env.WS_PORT}" in .env; must be a whole number from 0 to 65535`);
    expect(run.code).toBe(2);
  });
});

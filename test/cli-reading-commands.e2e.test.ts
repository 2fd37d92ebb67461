import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from './helpers/free-port.js';
import { runRtlab } from './helpers/run-rtlab.js';
import { useTempDir } from './helpers/temp-dir.js';

const secrets =
  'WEBHOOK_SECRET=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\nJWT_SECRET=0123456789abcdef\nWS_TOKEN=token-123\n';

describe('a command that only reads or stops something writes no file', () => {
  const tempDir = useTempDir();

  it.each([
    [['mongo', 'stop'], 0],
    [['tail', 'logs', '--no-follow'], 0],
    [['webhooks', 'events'], 3],
    [['webhooks', 'deliveries', '--dead'], 3],
    [['ws', 'history'], 2],
    [['ws', 'listen'], 2],
  ])('rtlab %j in an empty folder leaves it empty (exit %i)', async (args, code) => {
    const cwd = tempDir();
    const run = await runRtlab(args, {
      cwd,
      env: { MONGO_PORT: String(await freePort()), WS_PORT: String(await freePort()) },
      killAfterMs: 20_000,
    });
    expect(readdirSync(cwd)).toEqual([]);
    expect(run.stderr).not.toContain('Created');
    expect(run.code).toBe(code);
  });

  it('ws history without a .env says the lab has none and what to do (exit 2), not a list of unset secrets', async () => {
    const run = await runRtlab(['ws', 'history'], { cwd: tempDir() });
    expect(run.stderr).toMatch(/^✗ No \.env in \S+, and WS_TOKEN is not set\.\n {2}hint: .*rtlab serve writes \.env/);
    expect(run.code).toBe(2);
  });
});

describe('a warning about a setting says what the command then does', () => {
  const tempDir = useTempDir();

  it('WS_TOKEN broken: ws history stops at once (exit 2) with the problem, and never says it goes on', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, '.env'), secrets);
    for (const folder of [cwd, tempDir()]) {
      const run = await runRtlab(['ws', 'history'], { cwd: folder, env: { WS_TOKEN: 'x' } });
      expect(run.stderr).not.toContain('goes on');
      expect(run.stderr).toContain(
        '  - WS_TOKEN: found a value of 1 characters in the environment; must be at least 8 characters\n',
      );
      expect(run.code).toBe(2);
    }
  });

  it('a setting ws history does not read: the warning says it goes on, and it does (to the ws-server, exit 3)', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, '.env'), `${secrets}RECEIVER_PORT=abc\nWS_PORT=${await freePort()}\n`);
    const run = await runRtlab(['ws', 'history'], { cwd });
    expect(run.stderr).toBe(
      `! Invalid setting RECEIVER_PORT; this command goes on without it. rtlab doctor lists the problems.\n✗ No ws-server answers at ${/http:\/\/127\.0\.0\.1:\d+/.exec(run.stderr)?.[0]}.\n  hint: Start it with: rtlab serve ws-server\n`,
    );
    expect(run.code).toBe(3);
  });
});

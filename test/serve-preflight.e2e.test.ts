import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useChildProcesses } from './helpers/child-processes.js';
import { freeLabPorts } from './helpers/free-lab-ports.js';
import { listeningAddresses } from './helpers/listening-addresses.js';
import { runRtlab, type RtlabRun } from './helpers/run-rtlab.js';
import { serveService } from './helpers/serve-service.js';
import { useTempDir } from './helpers/temp-dir.js';

/**
 * `rtlab serve` checks its flags and its port before it starts or connects to any MongoDB. The
 * evidence that none was started: no data folder, no engine record, no mongo log, no line about MongoDB, and
 * nothing listening on MONGO_PORT once the command has exited.
 */
function expectNoMongoTouched(run: RtlabRun, cwd: string, mongoPort: number): void {
  expect(existsSync(path.join(cwd, '.rtlab', 'data'))).toBe(false);
  expect(existsSync(path.join(cwd, '.rtlab', 'mongo.json'))).toBe(false);
  expect(existsSync(path.join(cwd, '.rtlab', 'logs', 'mongo.log'))).toBe(false);
  expect(run.stderr).not.toMatch(/mongo/i);
  expect(listeningAddresses(mongoPort)).toEqual([]);
}

describe('rtlab serve checks flags and its port first', () => {
  const tempDir = useTempDir();
  const children = useChildProcesses();

  async function lab() {
    const cwd = tempDir();
    const env = await freeLabPorts();
    return { cwd, env, mongoPort: Number(env.MONGO_PORT) };
  }

  it.each([
    [['webhooks-receiver', '--port', 'abc'], '--port "abc" must be a whole number from 0 to 65535.'],
    [['ws-server', '--port', '70000'], '--port "70000" must be a whole number from 0 to 65535.'],
    [['webhooks-sender', '--time-scale', '-1'], '--time-scale "-1" is not a positive number.'],
    [
      ['webhooks-sender', '--retry-schedule', '1s,soon'],
      '--retry-schedule "1s,soon" is not a comma-separated list of durations.',
    ],
  ])('serve %j exits 2 before any MongoDB is started', async (args, message) => {
    const { cwd, env, mongoPort } = await lab();
    const run = await runRtlab(['serve', ...args], { cwd, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expectNoMongoTouched(run, cwd, mongoPort);
  });

  it('a busy port exits 3 naming the process that holds it (pid and command), before any MongoDB', async () => {
    const { cwd, env, mongoPort } = await lab();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(Number(env.RECEIVER_PORT), '127.0.0.1', resolve));
    try {
      const run = await runRtlab(['serve', 'webhooks-receiver'], { cwd, env });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(
        `Port ${env.RECEIVER_PORT} is in use (webhooks-receiver) by pid ${process.pid} (${process.execPath}`,
      );
      expect(run.stderr).toMatch(/Stop pid \d+ or set RECEIVER_PORT \(or --port\) to another port/);
      expectNoMongoTouched(run, cwd, mongoPort);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it("says when the port is the lab's own service: the same one already running, or another one given by --port", async () => {
    const { cwd, env, mongoPort } = await lab();
    // The dashboard needs no MongoDB, so MONGO_PORT stays free throughout.
    const dashboard = await serveService('ws-client', cwd, env);
    children.push(dashboard);

    const again = await runRtlab(['serve', 'ws-client'], { cwd, env });
    expect(again.code).toBe(3);
    expect(again.stderr).toContain(
      `Port ${env.WEB_PORT} is in use: the lab's own ws-client is already running there (rtlab serve ws-client, pid ${dashboard.pid}).`,
    );

    const clash = await runRtlab(['serve', 'webhooks-sender', '--port', env.WEB_PORT], { cwd, env });
    expect(clash.code).toBe(3);
    expect(clash.stderr).toContain(
      `Port ${env.WEB_PORT} is in use (webhooks-sender) by the lab's own ws-client (rtlab serve ws-client, pid ${dashboard.pid}).`,
    );
    expectNoMongoTouched(clash, cwd, mongoPort);
  });
});

import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useChildProcesses } from '../helpers/child-processes.js';
import { runRtlab, startRtlab } from '../helpers/run-rtlab.js';
import { heldPorts, processesIn, useLabFolder, type LabFolder } from './lab-folder.js';
import { watchOutput } from './lab-output.js';

const labTimeoutMs = 240_000;

/** `rtlab up …` in the foreground, with `--cwd` on its command line so that processesIn finds it too. */
function startUp(lab: LabFolder, args: readonly string[]) {
  return startRtlab(['--cwd', lab.cwd, 'up', ...args], { cwd: lab.cwd, env: lab.env });
}

/** The services named by lines such as `✓ ws-server         ready in 12 ms`, in the order printed. */
function namesOf(output: string, pattern: RegExp): string[] {
  return [...output.matchAll(pattern)].map((match) => match[1]!);
}

function expectNothingLeft(lab: LabFolder, except: readonly number[] = []): void {
  expect(processesIn(lab.cwd)).toEqual([]);
  expect(heldPorts(lab).filter((port) => !except.includes(port))).toEqual([]);
  expect(existsSync(path.join(lab.home, 'state.json'))).toBe(false);
}

describe('rtlab up in the foreground', () => {
  const labFolder = useLabFolder();
  const children = useChildProcesses();

  it(
    'with --no-ui logs lines prefixed by service, runs grpc-client once, and stops in reverse order on SIGTERM (exit 0)',
    async () => {
      const lab = await labFolder();
      const up = startUp(lab, ['--no-ui']);
      children.push(up);
      const output = watchOutput(up);
      await output.waitFor(/grpc-client +ran once and exited 0/);
      expect(output.stdout()).toMatch(
        new RegExp(`^webhooks-receiver +http://127\\.0\\.0\\.1:${lab.env.RECEIVER_PORT}$`, 'm'),
      );
      expect(output.stderr()).toMatch(
        /\d\d:\d\d:\d\d\.\d{3} webhooks-receiver +info +Webhook receiver listening on port/,
      );
      expect(output.stderr()).toMatch(/\d\d:\d\d:\d\d\.\d{3} grpc-client +info +Order created via CLI: \{"id":"ord_/);

      up.kill('SIGTERM');
      expect(await output.exited()).toBe(0);
      const started = namesOf(output.stderr(), /^✓ (\S+) +ready in/gm);
      const stopped = namesOf(output.stderr(), /^■ (\S+) +stopped in/gm);
      expect(started).toHaveLength(7);
      expect(started[0]).toBe('mongo');
      // Each service after those it needs: the relays' ws-server first, the sender after its receiver.
      expect(started.indexOf('ws-server')).toBeLessThan(started.indexOf('webhooks-receiver'));
      expect(started.indexOf('webhooks-receiver')).toBeLessThan(started.indexOf('webhooks-sender'));
      expect(started.indexOf('grpc-server')).toBeLessThan(started.indexOf('grpc-bridge'));
      expect(stopped).toEqual([...started].reverse());
      expectNothingLeft(lab);
    },
    labTimeoutMs,
  );

  it.each([
    ['up -d', ['-d']],
    ['up --no-ui', ['--no-ui']],
  ])(
    '%s with a port in use exits 3 naming the service, the port and its holder, and leaves nothing running',
    async (_name, args) => {
      const lab = await labFolder();
      const squatter = net.createServer();
      const port = Number(lab.env.GRPC_PORT);
      await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
      try {
        const up = await runRtlab(['--cwd', lab.cwd, 'up', ...args], { cwd: lab.cwd, env: lab.env });
        expect(up.code).toBe(3);
        expect(up.stderr).toContain(
          `✗ Port ${port} is in use (grpc-server) by pid ${process.pid} (${process.execPath}`,
        );
        expect(up.stderr).toContain(`hint: Stop pid ${process.pid} or set GRPC_PORT to another port.`);
        // Checked before anything started: not even MongoDB.
        expect(existsSync(path.join(lab.home, 'mongo.json'))).toBe(false);
        expectNothingLeft(lab, [port]);
      } finally {
        await new Promise<void>((resolve) => squatter.close(() => resolve()));
      }
    },
    labTimeoutMs,
  );

  it.each([
    ['up --no-ui', ['--no-ui']],
    ['up -d', ['-d']],
  ])(
    'SIGINT to %s while MongoDB starts exits 130 and leaves nothing running',
    async (_name, args) => {
      const lab = await labFolder();
      const up = startUp(lab, [...args, '--profile', 'websockets']);
      children.push(up);
      const output = watchOutput(up);
      await output.waitFor(/… mongo +starting/);
      up.kill('SIGINT');
      expect(await output.exited()).toBe(130);
      expect(output.stderr()).toContain('Interrupted by SIGINT (Ctrl-C).');
      // The background lab of -d goes on stopping after its parent has exited: wait for it to finish.
      for (let i = 0; i < 200 && processesIn(lab.cwd).length > 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expectNothingLeft(lab);
    },
    labTimeoutMs,
  );
});

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabState } from '../../src/runtime/lab-state/lab-state.js';
import { useChildProcesses } from '../helpers/child-processes.js';
import { runRtlab, startRtlab } from '../helpers/run-rtlab.js';
import { heldPorts, isRunning, processesIn, useLabFolder, type LabFolder } from './lab-folder.js';
import { watchOutput } from './lab-output.js';

const labTimeoutMs = 240_000;

function rtlab(lab: LabFolder, args: readonly string[]) {
  return runRtlab(['--cwd', lab.cwd, ...args], { cwd: lab.cwd, env: lab.env });
}

function readState(lab: LabFolder): LabState {
  return JSON.parse(readFileSync(path.join(lab.home, 'state.json'), 'utf8')) as LabState;
}

/** A lab of the webhooks profile in the background, then `kill -9` of its process: what a crash leaves. */
async function startThenKill(lab: LabFolder): Promise<LabState> {
  expect((await rtlab(lab, ['up', '-d', '--profile', 'webhooks'])).code).toBe(0);
  const state = readState(lab);
  process.kill(state.pid, 'SIGKILL');
  while (isRunning(state.pid)) await new Promise((resolve) => setTimeout(resolve, 20));
  return state;
}

describe('rtlab up -d, status and down', () => {
  const labFolder = useLabFolder();
  const children = useChildProcesses();

  it(
    'starts every service in the background, reports them healthy, runs scenario 1, finds its log line, and down leaves nothing',
    async () => {
      const lab = await labFolder();
      const up = await rtlab(lab, ['up', '-d']);
      expect(up.stderr).toMatch(/✓ webhooks-receiver +ready in \d+ ms/);
      expect(up.code).toBe(0);
      for (const [service, setting] of [
        ['webhooks-receiver', 'RECEIVER_PORT'],
        ['webhooks-sender', 'SENDER_PORT'],
        ['grpc-server', 'GRPC_PORT'],
        ['grpc-bridge', 'GRPC_BRIDGE_PORT'],
        ['ws-server', 'WS_PORT'],
        ['ws-client', 'WEB_PORT'],
      ] as const)
        expect(up.stdout).toMatch(new RegExp(`^${service} +http://127\\.0\\.0\\.1:${lab.env[setting]}$`, 'm'));
      expect(up.stdout).toMatch(new RegExp(`^mongo +mongodb://127\\.0\\.0\\.1:${lab.env.MONGO_PORT}/`, 'm'));
      const state = readState(lab);
      expect(state.status).toBe('ready');
      expect(isRunning(state.pid)).toBe(true);
      expect(state.startedEnginePid).toBeDefined();

      const status = await rtlab(lab, ['status', '--json']);
      expect(status.code).toBe(0);
      const report = JSON.parse(status.stdout) as { healthy: boolean; services: { name: string; ready: boolean }[] };
      expect(report.healthy).toBe(true);
      expect(report.services.map((service) => [service.name, service.ready])).toEqual(
        ['mongo', 'ws-server', 'webhooks-receiver', 'grpc-server', 'ws-client', 'webhooks-sender', 'grpc-bridge'].map(
          (name) => [name, true],
        ),
      );

      // The seed's scenario 1, over plain HTTP: the sender signs and delivers two events.
      const send = await fetch(`http://127.0.0.1:${lab.env.SENDER_PORT}/send`);
      expect(send.status).toBe(200);
      expect(await send.json()).toEqual({ status: 'sent', count: 2 });
      const tail = startRtlab(
        ['--cwd', lab.cwd, 'tail', 'logs', '--follow', '--json', '--grep', 'Handling order.created event'],
        { cwd: lab.cwd, env: lab.env },
      );
      children.push(tail);
      const tailed = watchOutput(tail);
      await tailed.waitFor(/(Handling order\.created event[^]*){2}/, 30_000);
      tail.kill('SIGTERM');
      await tailed.exited();
      const handled = tailed
        .stdout()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { service: string; message: string; type: string });
      expect(handled.slice(0, 2)).toMatchObject([
        { service: 'webhooks-receiver', message: 'Handling order.created event', type: 'order.created' },
        { service: 'webhooks-receiver', message: 'Handling order.created event', type: 'order.created' },
      ]);
      // The one-shot grpc-client ran once, as the seed's container does.
      const client = await rtlab(lab, ['tail', 'logs', 'grpc-client', '--no-follow']);
      expect(client.stdout).toMatch(/grpc-client +info +Order created via CLI: \{"id":"ord_/);

      const down = await rtlab(lab, ['down']);
      expect(down.code).toBe(0);
      expect(down.stdout).toMatch(new RegExp(`^Stopped the lab \\(pid ${state.pid}\\) in \\d+\\.\\d s\\.$`, 'm'));
      expect(isRunning(state.pid)).toBe(false);
      expect(isRunning(state.startedEnginePid!)).toBe(false);
      expect(processesIn(lab.cwd)).toEqual([]);
      expect(heldPorts(lab)).toEqual([]);
      expect(existsSync(path.join(lab.home, 'state.json'))).toBe(false);

      const again = await rtlab(lab, ['down']);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('No lab is running here: nothing to stop.');
    },
    labTimeoutMs,
  );

  it(
    'a second up while the lab runs exits 3 with its URLs and the hint to stop it',
    async () => {
      const lab = await labFolder();
      expect((await rtlab(lab, ['up', '-d', '--profile', 'websockets'])).code).toBe(0);
      const { pid } = readState(lab);
      for (const args of [
        ['up', '-d'],
        ['up', '--no-ui'],
      ]) {
        const second = await rtlab(lab, args);
        expect(second.code).toBe(3);
        expect(second.stderr).toContain(`✗ A lab is already running here (pid ${pid}`);
        expect(second.stderr).toMatch(new RegExp(`ws-server +http://127\\.0\\.0\\.1:${lab.env.WS_PORT}`));
        expect(second.stderr).toContain('stop it first with rtlab down');
      }
      expect(readState(lab).pid).toBe(pid);
      expect((await rtlab(lab, ['status'])).code).toBe(0);
    },
    labTimeoutMs,
  );

  it(
    'after kill -9 of a detached lab, status reports it stale and cleans up; down then has nothing to stop',
    async () => {
      const lab = await labFolder();
      const state = await startThenKill(lab);

      const status = await rtlab(lab, ['status', '--json']);
      expect(status.code).toBe(3);
      expect(JSON.parse(status.stdout)).toEqual({
        running: false,
        stale: { pid: state.pid, startedAt: state.startedAt, stoppedEnginePid: state.startedEnginePid },
      });
      expect(existsSync(path.join(lab.home, 'state.json'))).toBe(false);
      const down = await rtlab(lab, ['down']);
      expect(down.code).toBe(0);
      expect(down.stdout).toContain('No lab is running here');
      expect(processesIn(lab.cwd)).toEqual([]);
      expect(heldPorts(lab)).toEqual([]);
    },
    labTimeoutMs,
  );

  it(
    'after kill -9 of a detached lab, down stops the MongoDB it had left and removes its state',
    async () => {
      const lab = await labFolder();
      const state = await startThenKill(lab);
      expect(isRunning(state.startedEnginePid!)).toBe(true);

      const down = await rtlab(lab, ['down']);
      expect(down.code).toBe(0);
      expect(down.stdout).toContain(
        `The lab (pid ${state.pid}) had already stopped (killed or crashed): removed its state; stopped the MongoDB it had started (pid ${state.startedEnginePid})`,
      );
      expect(processesIn(lab.cwd)).toEqual([]);
      expect(heldPorts(lab)).toEqual([]);
      expect((await rtlab(lab, ['status'])).stdout).toContain('No lab is running here');
    },
    labTimeoutMs,
  );

  it(
    "a record naming another folder's process is no lab of this folder: down kills nothing; an unreadable record blocks no up",
    async () => {
      const lab = await labFolder();
      const elsewhere = await labFolder();
      // A live process whose command line reads like a lab's (`… rtlab … up`), running in another folder.
      const stranger = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'rtlab', 'up'], {
        cwd: elsewhere.cwd,
        stdio: 'ignore',
      });
      children.push(stranger);
      const record: LabState = {
        runtime: 'embedded',
        pid: stranger.pid!,
        status: 'ready',
        startedAt: new Date().toISOString(),
        cwd: lab.cwd,
        profiles: ['webhooks'],
        parts: [],
        logDir: path.join(lab.home, 'logs'),
      };
      mkdirSync(lab.home, { recursive: true });
      writeFileSync(path.join(lab.home, 'state.json'), JSON.stringify(record));
      const down = await rtlab(lab, ['down']);
      expect(down.code).toBe(0);
      expect(isRunning(stranger.pid!)).toBe(true);

      writeFileSync(path.join(lab.home, 'state.json'), '{"runtime":"embedded","pid":');
      const up = await rtlab(lab, ['up', '-d', '--profile', 'websockets']);
      expect(up.code, up.stderr).toBe(0);
      expect((await rtlab(lab, ['status'])).code).toBe(0);
      expect((await rtlab(lab, ['down'])).code).toBe(0);
      expect(processesIn(lab.cwd)).toEqual([]);
    },
    labTimeoutMs,
  );
});

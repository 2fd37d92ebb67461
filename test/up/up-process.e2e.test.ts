import net from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabState } from '../../src/runtime/lab-state/lab-state.js';
import { useChildProcesses } from '../helpers/child-processes.js';
import { runRtlab, startRtlab } from '../helpers/run-rtlab.js';
import { heldPorts, isRunning, processesIn, useLabFolder, type LabFolder } from './lab-folder.js';
import { watchOutput } from './lab-output.js';
import { serviceProcessesIn, waitForHttpOk, waitForNewProcess } from './up-process-children.js';

const labTimeoutMs = 300_000;
const services = ['ws-server', 'webhooks-receiver', 'grpc-server', 'ws-client', 'webhooks-sender', 'grpc-bridge'];

function rtlab(lab: LabFolder, args: readonly string[]) {
  return runRtlab(['--cwd', lab.cwd, ...args], { cwd: lab.cwd, env: lab.env });
}

function readState(lab: LabFolder): LabState {
  return JSON.parse(readFileSync(path.join(lab.home, 'state.json'), 'utf8')) as LabState;
}

describe('rtlab up --runtime process -d', () => {
  const labFolder = useLabFolder();
  const children = useChildProcesses();

  it(
    'runs each service as a child process: status, scenario 1, tail logs, a kill -9 of a service reported and restarted, then down leaves nothing',
    async () => {
      const lab = await labFolder();
      const up = await rtlab(lab, ['up', '-d', '--runtime', 'process']);
      expect(up.stderr).toMatch(/✓ webhooks-receiver +ready in \d+ ms/);
      expect(up.code).toBe(0);
      expect(up.stdout).toMatch(
        new RegExp(`^webhooks-receiver +http://127\\.0\\.0\\.1:${lab.env.RECEIVER_PORT}$`, 'm'),
      );
      const state = readState(lab);
      expect(state.runtime).toBe('process');
      expect(state.status).toBe('ready');

      // One `rtlab serve <service>` child of the lab's process per service.
      const first = serviceProcessesIn(lab.cwd);
      expect([...first.keys()].sort()).toEqual([...services].sort());
      for (const child of first.values()) expect(child.ppid).toBe(state.pid);

      const status = await rtlab(lab, ['status', '--json']);
      expect(status.code).toBe(0);
      const report = JSON.parse(status.stdout) as {
        runtime: string;
        healthy: boolean;
        services: { name: string; ready: boolean }[];
      };
      expect(report.runtime).toBe('process');
      expect(report.healthy).toBe(true);
      expect(report.services.map((service) => [service.name, service.ready])).toEqual(
        ['mongo', ...services].map((name) => [name, true]),
      );

      // The seed's scenario 1 over plain HTTP, found in the receiver's log by tail.
      const tail = startRtlab(
        [
          '--cwd',
          lab.cwd,
          'tail',
          'logs',
          '--follow',
          '--json',
          '--grep',
          'Handling order.created event|was killed by',
        ],
        { cwd: lab.cwd, env: lab.env },
      );
      children.push(tail);
      const tailed = watchOutput(tail);
      const send = async () => {
        const response = await fetch(`http://127.0.0.1:${lab.env.SENDER_PORT}/send`);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ status: 'sent', count: 2 });
      };
      await send();
      await tailed.waitFor(/(Handling order\.created event[^]*){2}/, 60_000);

      // kill -9 of the receiver's process: reported in its log, started again, and serving again.
      const receiver = first.get('webhooks-receiver')!;
      process.kill(receiver.pid, 'SIGKILL');
      await tailed.waitFor(/webhooks-receiver was killed by SIGKILL; restarting in 0\.5 s/, 60_000);
      const restarted = await waitForNewProcess(lab.cwd, 'webhooks-receiver', receiver.pid);
      expect(serviceProcessesIn(lab.cwd).get('webhooks-receiver')?.ppid).toBe(state.pid);
      await waitForHttpOk(`http://127.0.0.1:${lab.env.RECEIVER_PORT}/healthz`);
      await send();
      await tailed.waitFor(/(Handling order\.created event[^]*){4}/, 60_000);
      tail.kill('SIGTERM');
      await tailed.exited();
      const lines = tailed
        .stdout()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { service: string; message: string; pid?: number });
      expect(lines.filter((line) => line.message === 'Handling order.created event')).toHaveLength(4);
      expect(lines).toContainEqual(
        expect.objectContaining({
          service: 'webhooks-receiver',
          message: 'webhooks-receiver was killed by SIGKILL; restarting in 0.5 s',
          pid: receiver.pid,
        }),
      );
      // The other services kept running through it.
      for (const [name, child] of first) if (name !== 'webhooks-receiver') expect(isRunning(child.pid)).toBe(true);

      const down = await rtlab(lab, ['down']);
      expect(down.code).toBe(0);
      expect(down.stdout).toMatch(new RegExp(`^Stopped the lab \\(pid ${state.pid}\\) in \\d+\\.\\d s\\.$`, 'm'));
      for (const pid of [state.pid, state.startedEnginePid!, restarted, ...[...first.values()].map((c) => c.pid)])
        expect(isRunning(pid)).toBe(false);
      expect(processesIn(lab.cwd)).toEqual([]);
      expect(heldPorts(lab)).toEqual([]);
      expect(existsSync(path.join(lab.home, 'state.json'))).toBe(false);
    },
    labTimeoutMs,
  );

  it(
    'kill -9 of the lab process takes its service processes with it; status then reports it stale',
    async () => {
      const lab = await labFolder();
      expect((await rtlab(lab, ['up', '-d', '--runtime', 'process', '--profile', 'websockets'])).code).toBe(0);
      const state = readState(lab);
      const serving = [...serviceProcessesIn(lab.cwd).values()].map((child) => child.pid);
      expect(serving).toHaveLength(2);
      process.kill(state.pid, 'SIGKILL');
      // They watch the channel to their parent, which closed with it.
      for (let i = 0; i < 400 && serving.some(isRunning); i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(serving.filter(isRunning)).toEqual([]);

      const status = await rtlab(lab, ['status', '--json']);
      expect(status.code).toBe(3);
      expect(JSON.parse(status.stdout)).toMatchObject({ running: false, stale: { pid: state.pid } });
      expect(processesIn(lab.cwd)).toEqual([]);
      expect(heldPorts(lab)).toEqual([]);
    },
    labTimeoutMs,
  );

  it(
    'a port in use exits 3 naming the service and its holder, before anything starts',
    async () => {
      const lab = await labFolder();
      const squatter = net.createServer();
      const port = Number(lab.env.RECEIVER_PORT);
      await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
      try {
        const up = await rtlab(lab, ['up', '-d', '--runtime', 'process', '--profile', 'webhooks']);
        expect(up.code).toBe(3);
        expect(up.stderr).toContain(`✗ Port ${port} is in use (webhooks-receiver) by pid ${process.pid}`);
        expect(up.stderr).toContain('hint: Stop pid');
        expect(existsSync(path.join(lab.home, 'mongo.json'))).toBe(false);
        expect(processesIn(lab.cwd)).toEqual([]);
      } finally {
        await new Promise<void>((resolve) => squatter.close(() => resolve()));
      }
    },
    labTimeoutMs,
  );
});

import { utimesSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useChildProcesses } from '../helpers/child-processes.js';
import { runRtlab, startRtlab } from '../helpers/run-rtlab.js';
import { heldPorts, isRunning, processesIn, useLabFolder, type LabFolder } from './lab-folder.js';
import { watchOutput } from './lab-output.js';
import { serviceProcessesIn, waitForHttpOk, waitForNewProcess } from './up-process-children.js';

const labTimeoutMs = 300_000;
/** Built code that only the receiver runs (the sender imports other receiver modules, not this one). */
const receiverModule = fileURLToPath(
  new URL('../../dist/services/webhooks/receiver/start-webhook-receiver.js', import.meta.url),
);

function rtlab(lab: LabFolder, args: readonly string[]) {
  return runRtlab(['--cwd', lab.cwd, ...args], { cwd: lab.cwd, env: lab.env });
}

function expectNothingLeft(lab: LabFolder): void {
  expect(processesIn(lab.cwd)).toEqual([]);
  expect(heldPorts(lab)).toEqual([]);
}

describe('rtlab up --runtime process in the foreground, and --watch', () => {
  const labFolder = useLabFolder();
  const children = useChildProcesses();

  it(
    "shows each service's output prefixed by its name, reports a crashed service and its restart, and Ctrl-C stops them in reverse order",
    async () => {
      const lab = await labFolder();
      const up = startRtlab(['--cwd', lab.cwd, 'up', '--runtime', 'process', '--no-ui', '--profile', 'webhooks'], {
        cwd: lab.cwd,
        env: lab.env,
      });
      children.push(up);
      const output = watchOutput(up);
      await output.waitFor(/The lab is running/);
      // The child's own log lines, which name their service, and nothing printed twice.
      const listening = /^\d\d:\d\d:\d\d\.\d{3} webhooks-receiver +info +Webhook receiver listening on port/gm;
      expect(output.stderr().match(listening)).toHaveLength(1);

      const receiver = serviceProcessesIn(lab.cwd).get('webhooks-receiver')!;
      expect(receiver.ppid).toBe(up.pid);
      process.kill(receiver.pid, 'SIGKILL');
      await output.waitFor(/✗ webhooks-receiver +failed: was killed by SIGKILL; restarting in 0\.5 s/);
      await output.waitFor(/(✓ webhooks-receiver +ready in \d+ ms[^]*){2}/);
      expect(output.stderr().match(listening)).toHaveLength(2);
      await waitForHttpOk(`http://127.0.0.1:${lab.env.RECEIVER_PORT}/healthz`);

      up.kill('SIGINT');
      expect(await output.exited()).toBe(0);
      const stopped = [...output.stderr().matchAll(/^■ (\S+) +stopped in \d+ ms$/gm)].map((match) => match[1]);
      expect(stopped).toEqual(['webhooks-sender', 'webhooks-receiver', 'mongo']);
      expectNothingLeft(lab);
    },
    labTimeoutMs,
  );

  it(
    'Ctrl-C while a service process starts exits 130 and leaves nothing running',
    async () => {
      const lab = await labFolder();
      const up = startRtlab(['--cwd', lab.cwd, 'up', '--runtime', 'process', '--no-ui', '--profile', 'webhooks'], {
        cwd: lab.cwd,
        env: lab.env,
      });
      children.push(up);
      const output = watchOutput(up);
      await output.waitFor(/… webhooks-receiver +starting/);
      up.kill('SIGINT');
      expect(await output.exited()).toBe(130);
      expect(output.stderr()).toContain('Interrupted by SIGINT (Ctrl-C).');
      expectNothingLeft(lab);
    },
    labTimeoutMs,
  );

  it(
    '--watch restarts a service when its built code changes, and only that service',
    async () => {
      const lab = await labFolder();
      const up = await rtlab(lab, ['up', '-d', '--runtime', 'process', '--watch', '--profile', 'webhooks']);
      expect(up.code).toBe(0);
      const before = serviceProcessesIn(lab.cwd);
      const receiver = before.get('webhooks-receiver')!;
      const sender = before.get('webhooks-sender')!;

      const now = new Date();
      utimesSync(receiverModule, now, now);
      const restarted = await waitForNewProcess(lab.cwd, 'webhooks-receiver', receiver.pid);
      await waitForHttpOk(`http://127.0.0.1:${lab.env.RECEIVER_PORT}/healthz`);
      expect(isRunning(receiver.pid)).toBe(false);
      // Both would have been stopped in the same moment: the sender's process is the one it had.
      expect(serviceProcessesIn(lab.cwd).get('webhooks-sender')?.pid).toBe(sender.pid);
      expect(isRunning(sender.pid)).toBe(true);

      expect((await rtlab(lab, ['down'])).code).toBe(0);
      expect(isRunning(restarted)).toBe(false);
      expectNothingLeft(lab);
    },
    labTimeoutMs,
  );
});

import { existsSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRtlab, startRtlab } from '../helpers/run-rtlab.js';
import { processesIn, useLabFolder, type LabFolder } from '../up/lab-folder.js';
import { processesRunning, waitUntil } from './processes-running.js';

const fixtures = path.join(import.meta.dirname, 'fixtures');

const runTimeoutMs = 180_000;

function rtlab(lab: LabFolder, args: readonly string[]) {
  return runRtlab(['--cwd', lab.cwd, ...args], { cwd: lab.cwd, env: lab.env });
}

describe('rtlab scenario faults', () => {
  const labFolder = useLabFolder();

  it(
    'refuses, before any step, to stop the services of a lab started by rtlab up (exit 3), and leaves it healthy',
    async () => {
      const lab = await labFolder();
      const up = await rtlab(lab, ['up', '-d', '--profile', 'webhooks', '--profile', 'websockets']);
      expect(up.code, up.stderr).toBe(0);
      const run = await rtlab(lab, ['scenario', 'resilience', '--lang', 'en']);
      expect(run.code, run.stdout).toBe(3);
      expect(run.stderr).toMatch(
        /✗ resilience stops lab services and makes the receiver fail, which a scenario does only on a lab it starts itself; a lab started by rtlab up is running in this folder \(pid \d+\)\./,
      );
      expect(run.stderr).toContain(
        'hint: Stop it (rtlab down) and run the scenario again: it will start its own lab and stop it afterwards.',
      );
      expect(run.stdout).not.toContain('arm-fault');
      const status = await rtlab(lab, ['status', '--json']);
      expect((JSON.parse(status.stdout) as { healthy: boolean }).healthy).toBe(true);
      expect((await rtlab(lab, ['down'])).code).toBe(0);
    },
    runTimeoutMs,
  );

  it(
    'records the lab it starts: a second lab is refused while it runs, and after kill -9 rtlab down stops the MongoDB it left',
    async () => {
      const lab = await labFolder();
      const run = startRtlab(['--cwd', lab.cwd, 'scenario', path.join(fixtures, 'long-wait.yaml'), '--lang', 'en'], {
        cwd: lab.cwd,
        env: lab.env,
      });
      let stdout = '';
      await new Promise<void>((resolve, reject) => {
        run.stdout!.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('✓ first')) resolve();
        });
        run.once('exit', () => reject(new Error(`the run ended before its first step: ${stdout}`)));
      });
      // While it runs, its lab is recorded: a second lab is told where it is.
      const up = await rtlab(lab, ['up', '-d']);
      expect(up.code).toBe(3);
      expect(up.stderr).toMatch(/A lab is already running here \(pid \d+/);

      const exited = once(run, 'exit');
      run.kill('SIGKILL');
      await exited;
      // The embedded MongoDB is a process of its own: it outlived the run, and the record names it.
      const left = processesIn(lab.cwd);
      expect(left.length).toBeGreaterThan(0);
      expect(existsSync(path.join(lab.home, 'state.json'))).toBe(true);

      const down = await rtlab(lab, ['down']);
      expect(down.code, down.stderr).toBe(0);
      expect(down.stdout).toMatch(
        /The lab \(pid \d+\) had already stopped \(killed or crashed\): removed its state; stopped the MongoDB it had started \(pid \d+\)\./,
      );
      expect(processesIn(lab.cwd)).toEqual([]);
      expect(existsSync(path.join(lab.home, 'state.json'))).toBe(false);
    },
    runTimeoutMs,
  );

  it(
    'after kill -9 of the run, the process a cli step started is gone too',
    async () => {
      const lab = await labFolder();
      const sleep = ['sleep', '296.5'];
      expect(processesRunning(sleep)).toEqual([]);
      const run = startRtlab(['--cwd', lab.cwd, 'scenario', path.join(fixtures, 'long-shell.yaml'), '--lang', 'en'], {
        cwd: lab.cwd,
        env: lab.env,
      });
      const exited = once(run, 'exit');
      await waitUntil(() => processesRunning(sleep).length > 0, "the step's sleep has started", 120_000);
      run.kill('SIGKILL');
      await exited;
      await waitUntil(() => processesRunning(sleep).length === 0, "the step's sleep has stopped");
      expect((await rtlab(lab, ['down'])).code).toBe(0);
    },
    runTimeoutMs,
  );

  it(
    'fails fast on a failIf line, and reads what unchanged and jsonpath found instead (exit 1)',
    async () => {
      const lab = await labFolder();
      const run = await rtlab(lab, ['scenario', path.join(fixtures, 'fail-fast.yaml'), '--lang', 'en']);
      expect(run.code, run.stderr).toBe(1);
      // Its window is 60 s: the verdict names the failIf line that ended it.
      expect(run.stdout).toMatch(
        /received: 0 matching line\(s\); failIf seen at \d+ ms: \{"message":"Handling order\.created event"/,
      );
      expect(run.stdout).toContain('received: changed: 0 document(s) matched before the action, 1 after');
      expect(run.stdout).toContain('received: $.json.status: expected "rejected", received "accepted"');
    },
    runTimeoutMs,
  );
  it(
    'undoes what a failed scenario left stopped before the next one runs',
    async () => {
      const lab = await labFolder();
      const run = await rtlab(lab, [
        'scenario',
        path.join(fixtures, 'stops-then-fails.yaml'),
        path.join(fixtures, 'sends-once.yaml'),
        '--lang',
        'en',
      ]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toMatch(/✗ fail /);
      // Without the restore, the sender would answer 202 pending: the receiver would still be down.
      expect(run.stdout).toMatch(/✓ send {2}Trigger the sender/);
    },
    runTimeoutMs,
  );
});

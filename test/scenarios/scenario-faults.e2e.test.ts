import { describe, expect, it } from 'vitest';
import { runRtlab } from '../helpers/run-rtlab.js';
import { useLabFolder, type LabFolder } from '../up/lab-folder.js';

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
});

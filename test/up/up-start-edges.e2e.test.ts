import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { useChildProcesses } from '../helpers/child-processes.js';
import { runRtlab, startRtlab } from '../helpers/run-rtlab.js';
import { heldPorts, isRunning, processesIn, useLabFolder, type LabFolder } from './lab-folder.js';
import { watchOutput } from './lab-output.js';

const labTimeoutMs = 240_000;

function startUp(lab: LabFolder, args: readonly string[]) {
  return startRtlab(['--cwd', lab.cwd, 'up', ...args], { cwd: lab.cwd, env: lab.env });
}

/** Resolves once the lab has recorded itself in state.json: the first thing a starting lab does. */
async function recorded(lab: LabFolder, exited: Promise<unknown>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  while (!existsSync(path.join(lab.home, 'state.json'))) {
    if (gone) throw new Error('rtlab up exited before it recorded the lab');
    await sleep(10);
  }
}

async function expectNothingLeft(lab: LabFolder): Promise<void> {
  // A stopping engine may take a moment to exit after the lab has.
  for (let i = 0; i < 200 && processesIn(lab.cwd).length > 0; i++) await sleep(50);
  expect(processesIn(lab.cwd)).toEqual([]);
  expect(heldPorts(lab)).toEqual([]);
  expect(existsSync(path.join(lab.home, 'state.json'))).toBe(false);
  expect(existsSync(path.join(lab.home, 'mongo.json'))).toBe(false);
}

describe('rtlab up at the edges of its start and stop', () => {
  const labFolder = useLabFolder();
  const children = useChildProcesses();

  it.each([
    ['rtlab down', 'down', 143, 'Stopped by SIGTERM.'],
    ['Ctrl-C', 'SIGINT', 130, 'Interrupted by SIGINT (Ctrl-C).'],
  ] as const)(
    '%s as soon as the lab is recorded (its services not loaded yet) stops the starting lab, says so, and leaves nothing',
    async (_name, how, exitCode, message) => {
      const lab = await labFolder();
      const up = startUp(lab, ['--no-ui']);
      children.push(up);
      const output = watchOutput(up);
      await recorded(lab, output.exited());
      if (how === 'SIGINT') up.kill('SIGINT');
      else {
        const down = await runRtlab(['--cwd', lab.cwd, 'down'], { cwd: lab.cwd, env: lab.env });
        expect(down.code).toBe(0);
        expect(down.stdout).toContain(`Stopped the lab (pid ${up.pid})`);
      }
      expect(await output.exited()).toBe(exitCode);
      expect(output.stderr()).toContain(message);
      await expectNothingLeft(lab);
    },
    labTimeoutMs,
  );

  it(
    "a MongoDB that fails to start is quoted from this run's output only, not an earlier run's",
    async () => {
      const lab = await labFolder();
      mkdirSync(path.join(lab.home, 'logs'), { recursive: true });
      writeFileSync(path.join(lab.home, 'logs', 'mongo-engine.out'), 'A STALE LINE FROM AN EARLIER RUN\n');
      // A file where the engine's data directory goes: this engine cannot start.
      writeFileSync(path.join(lab.home, 'data'), '');
      const up = await runRtlab(['--cwd', lab.cwd, 'up', '--no-ui', '--profile', 'websockets'], {
        cwd: lab.cwd,
        env: lab.env,
      });
      expect(up.code, up.stderr).toBe(3);
      expect(up.stderr).toContain('✗ The embedded MongoDB did not start (exit');
      expect(up.stderr).toContain('EEXIST');
      expect(up.stderr).not.toContain('A STALE LINE');
      await expectNothingLeft(lab);
    },
    labTimeoutMs,
  );

  it(
    'an engine the lab found running is left running on stop, and the stop says so instead of "mongo stopped"',
    async () => {
      const lab = await labFolder();
      const engine = startRtlab(['--cwd', lab.cwd, 'mongo', 'serve'], { cwd: lab.cwd, env: lab.env });
      children.push(engine);
      await watchOutput(engine).waitFor(/^mongodb:\/\//m);
      const up = startUp(lab, ['--no-ui', '--profile', 'websockets']);
      children.push(up);
      const output = watchOutput(up);
      await output.waitFor(/The lab is running/);
      up.kill('SIGTERM');
      expect(await output.exited()).toBe(0);
      expect(output.stderr()).toMatch(
        /^■ mongo +disconnected in \d+ ms; the lab's embedded engine \(mongodb:\/\/127\.0\.0\.1:\d+\/[^)]*\) goes on running \(this lab did not start it\)$/m,
      );
      expect(output.stderr()).not.toMatch(/■ mongo +stopped/);
      expect(isRunning(engine.pid!)).toBe(true);
    },
    labTimeoutMs,
  );
});

import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useChildProcesses } from '../helpers/child-processes.js';
import { scriptTool, startRtlabOnTerminal, waitForScreen } from '../helpers/pseudo-terminal.js';
import { runRtlab } from '../helpers/run-rtlab.js';
import { heldPorts, processesIn, useLabFolder } from '../up/lab-folder.js';
import { watchOutput } from '../up/lab-output.js';

describe('rtlab scenario --step, the guided mode', () => {
  const labFolder = useLabFolder();
  const children = useChildProcesses();

  it('refuses to run without a terminal (exit 2), before starting any lab', async () => {
    const lab = await labFolder();
    const run = await runRtlab(['--cwd', lab.cwd, 'scenario', 'webhooks', '--step'], {
      cwd: lab.cwd,
      env: lab.env,
      killAfterMs: 60_000,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('✗ --step needs a terminal: it waits for your keys (Enter, h, q) before each step.');
    expect(run.stderr).toContain('  hint: Run it in a terminal, or leave out --step');
    expect(run.stderr).not.toContain('starting');
  });

  it.skipIf(!scriptTool.available)(
    'explains each step, shows its hint on h, runs it on Enter and lists what was checked; q stops (exit 0)',
    async () => {
      const lab = await labFolder();
      const run = startRtlabOnTerminal(lab.cwd, lab.env, [
        '--cwd',
        lab.cwd,
        'scenario',
        'webhooks',
        '--step',
        '--lang',
        'en',
      ]);
      children.push(run);
      const output = watchOutput(run);
      const screen = () => stripVTControlCharacters(output.stdout()).replaceAll('\r', '');

      await waitForScreen(screen, /Step 1 · send: Trigger the sender: curl /, 180_000);
      expect(screen()).toContain('GET /send makes the sender deliver two signed webhooks');
      await waitForScreen(screen, /Enter: run the step · h: hint · q: stop/);
      // Nothing runs before Enter.
      expect(screen()).not.toContain('What was checked');

      run.stdin.write('h');
      await waitForScreen(screen, /Hint: If it fails, look at rtlab tail logs webhooks-receiver/);
      run.stdin.write('\r');
      await waitForScreen(screen, /What was checked:\n {2}✓ send {2}.*\(\d+ ms\)\n/);
      const checked = screen();
      expect(checked).toContain('      ✓ http status 200, json {"status":"sent","count":2}');
      expect(checked).toMatch(/ {6}✓ log webhooks-receiver "Handling order\.created event"/);
      expect(checked).toMatch(/ {6}✓ ws \/notifications order:update/);

      await waitForScreen(screen, /Step 2 · deliver: Deliver a webhook of our own/);
      run.stdin.write('q');
      await waitForScreen(screen, /You stopped the run; the steps left were skipped\./);
      expect(await output.exited()).toBe(0);
      const end = screen();
      expect(end).toContain('  - deliver  Deliver a webhook of our own, signed as the sender signs it  (skipped)');
      expect(end).toMatch(/■ stopped; steps: 1 passed, 0 failed, 1 skipped in [\d.]+ s/);
      // The lab it started is stopped again.
      expect(end).toMatch(/■ mongo +stopped/);
      expect(processesIn(lab.cwd)).toEqual([]);
      expect(heldPorts(lab)).toEqual([]);
    },
    240_000,
  );

  it.skipIf(!scriptTool.available)(
    'on a terminal, reports with the pretty view by default: a spinner while a step runs, then ✓ and its duration',
    async () => {
      const lab = await labFolder();
      const run = startRtlabOnTerminal(lab.cwd, lab.env, ['--cwd', lab.cwd, 'scenario', 'webhooks', '--lang', 'en']);
      children.push(run);
      const output = watchOutput(run);
      expect(await output.exited()).toBe(0);
      const screen = stripVTControlCharacters(output.stdout()).replaceAll('\r', '');
      expect(screen).toMatch(
        /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] deliver Deliver a webhook of our own, signed as the sender signs it \(\d+\.\d s\)/,
      );
      expect(screen).toMatch(/✓ send {2}Trigger the sender: curl .*\(\d+ ms\)\n/);
      expect(screen).toMatch(
        /✓ deliver {2}Deliver a webhook of our own, signed as the sender signs it {2}\(\d+ ms\)\n/,
      );
      expect(screen).toMatch(/✓ scenarios: 1 passed, 0 failed; steps: 2 passed, 0 failed, 0 skipped/);
    },
    240_000,
  );
});

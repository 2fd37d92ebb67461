import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useChildProcesses } from '../helpers/child-processes.js';
import { requireTool } from '../helpers/require-tool.js';
import { rtlabBin } from '../helpers/run-rtlab.js';
import { heldPorts, processesIn, useLabFolder, type LabFolder } from './lab-folder.js';
import { watchOutput } from './lab-output.js';

const script = requireTool({
  command: 'script',
  args: ['--version'],
  why: 'script (util-linux), which runs rtlab on a pseudo-terminal',
  install: 'apt-get install bsdutils',
});

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** `rtlab up` on a pseudo-terminal of 120×40 (what a user's terminal is), its keyboard our stdin. */
function startUpOnTerminal(lab: LabFolder) {
  const command = `stty cols 120 rows 40; exec ${[process.execPath, rtlabBin, '--cwd', lab.cwd, 'up'].map(quote).join(' ')}`;
  return spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: lab.cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', TERM: 'xterm-256color', ...lab.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

describe.skipIf(!script.available)('rtlab up on a terminal', () => {
  const labFolder = useLabFolder();
  const children = useChildProcesses();

  it('draws the dashboard (the services table, the log pane, the keys); q stops the lab with exit 0 and nothing left', async () => {
    const lab = await labFolder();
    const up = startUpOnTerminal(lab);
    children.push(up);
    const output = watchOutput(up);
    const screen = () => stripVTControlCharacters(output.stdout());
    const row = (service: string, port: string) =>
      new RegExp(`${service} +http://127\\.0\\.0\\.1:${port} +ready +ok +\\d+s`);
    await waitForScreen(screen, /grpc-client +ran once/, 240_000);
    await waitForScreen(screen, row('webhooks-receiver', lab.env.RECEIVER_PORT!));
    // Each service's log file is found on its own, after its start: wait for the line, not for a moment.
    await waitForScreen(screen, /webhooks-receiver +info +Webhook receiver listening on port/);
    const shown = screen();
    expect(shown).toMatch(/SERVICE +URL +STATE +HEALTH +UPTIME +REQUESTS/);
    expect(shown).toMatch(row('ws-server', lab.env.WS_PORT!));
    expect(shown).toMatch(row('grpc-server', lab.env.GRPC_PORT!));
    expect(shown).toMatch(/s send a webhook · g create a gRPC order · c send a chat message/);
    // The plain terminal's prefixed lines are not printed under the dashboard.
    expect(shown).not.toMatch(/The lab is running \(pid/);

    // r: the built-in scenarios this lab can run; the one picked runs against it, its steps in the log pane.
    up.stdin.write('r');
    await waitForScreen(screen, /run a scenario against this lab: press its number/);
    const number = /(\d) +webhooks +/.exec(screen())![1]!;
    up.stdin.write(number);
    await waitForScreen(screen, /scenario +info +▶ webhooks:/);
    await waitForScreen(screen, /Scenario webhooks passed: (\d+) of \1 steps passed/, 120_000);
    expect(screen()).toMatch(/scenario +info +✓ /);

    up.stdin.write('q');
    expect(await output.exited()).toBe(0);
    expect(stripVTControlCharacters(output.stdout())).toMatch(/mongo +\S+ +stopped/);
    // Below the last frame, the stop as the plain terminal tells it, service by service.
    expect(stripVTControlCharacters(output.stdout())).toMatch(
      /■ ws-server +stopped in \d+ ms[\s\S]*■ mongo +stopped in \d+ ms/,
    );
    expect(processesIn(lab.cwd)).toEqual([]);
    expect(heldPorts(lab)).toEqual([]);
    expect(existsSync(path.join(lab.home, 'state.json'))).toBe(false);
  }, 300_000);
});

/** The dashboard redraws in place: wait until some frame shows the pattern. */
async function waitForScreen(screen: () => string, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(screen())) {
    if (Date.now() > deadline) throw new Error(`No frame matched ${pattern}; the screen so far:\n${screen()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

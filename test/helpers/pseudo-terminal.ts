import { spawn } from 'node:child_process';
import { requireTool } from './require-tool.js';
import { rtlabBin } from './run-rtlab.js';

/** util-linux `script`, which runs a command on a pseudo-terminal: what a user's terminal is to rtlab. */
export const scriptTool = requireTool({
  command: 'script',
  args: ['--version'],
  why: 'script (util-linux), which runs rtlab on a pseudo-terminal',
  install: 'apt-get install bsdutils',
});

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** rtlab on a pseudo-terminal of 120×40, its keyboard the child's stdin, its screen the child's stdout. */
export function startRtlabOnTerminal(cwd: string, env: Record<string, string>, args: readonly string[]) {
  const command = `stty cols 120 rows 40; exec ${[process.execPath, rtlabBin, ...args].map(quote).join(' ')}`;
  return spawn('script', ['-qfec', command, '/dev/null'], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', TERM: 'xterm-256color', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** A terminal is redrawn in place: waits until what it showed so far matches. */
export async function waitForScreen(screen: () => string, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(screen())) {
    if (Date.now() > deadline) throw new Error(`Nothing matched ${pattern}; the terminal so far:\n${screen()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

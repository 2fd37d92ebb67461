import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool } from './helpers/require-tool.js';
import { useTempDir } from './helpers/temp-dir.js';
import { eventually } from './helpers/webhook-lab.js';

const prlimit = requireTool({
  command: 'prlimit',
  args: ['--version'],
  why: 'prlimit (to give the disk space back to a running process)',
  install: 'apt-get install util-linux',
});
const rotatingFileModule = new URL('../dist/log/rotating-file.js', import.meta.url).href;

/**
 * The process writes 100 lines of 100 bytes, one flush each, under `ulimit -f 4` (4 KiB): the
 * kernel refuses to grow the file past it with EFBIG, as a full disk refuses with ENOSPC, and the
 * 41st line is cut in the middle. On "go" (after prlimit has lifted the limit, the space coming
 * back) it writes one more line and exits.
 */
const script = `
const { RotatingFile } = await import(${JSON.stringify(rotatingFileModule)});
const log = new RotatingFile(process.argv[1], {
  maxBytes: 1_000_000, maxFiles: 2, resumedLine: (dropped) => 'resumed after ' + dropped + ' dropped',
});
for (let i = 0; i < 100; i++) {
  log.write(String(i).padStart(3, '0') + ' ' + 'x'.repeat(95));
  log.flush();
}
process.stdout.write('full\\n');
process.stdin.once('data', () => {
  log.write('after');
  log.close();
  process.exit(0);
});
`;

describe.skipIf(!prlimit.available)('a log file that reaches the file size limit (EFBIG)', () => {
  const tempDir = useTempDir();

  it('the process keeps running, warns once, and writes whole lines again once the limit is lifted', async () => {
    const file = path.join(tempDir(), 'logs', 'svc.log');
    const child = spawn(
      'bash',
      ['-c', 'ulimit -S -f 4 && exec "$0" "$@"', process.execPath, '--input-type=module', '-e', script, file],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await eventually(
      () => stdout,
      (text) => text.includes('full') || child.exitCode !== null,
      15_000,
    );
    expect(stdout).toBe('full\n');

    expect(spawnSync('prlimit', ['--pid', String(child.pid), '--fsize=unlimited:']).status).toBe(0);
    child.stdin.write('go\n');
    expect(await exited).toBe(0);

    expect(stderr).toBe(
      `rtlab: cannot write logs to ${file} (EFBIG: file too large); dropping log lines until it can\n` +
        `rtlab: writing logs to ${file} again; 60 log line(s) were dropped\n`,
    );
    const lines = readFileSync(file, 'utf8').split('\n');
    const whole = (n: number) => `${String(n).padStart(3, '0')} ${'x'.repeat(95)}`;
    expect(lines.slice(0, 40)).toEqual(Array.from({ length: 40 }, (_, n) => whole(n)));
    // Line 40 was cut by the limit; what follows starts on a line of its own.
    expect(lines[40]!.length).toBeGreaterThan(0);
    expect(whole(40).startsWith(lines[40]!)).toBe(true);
    expect(lines.slice(41)).toEqual(['resumed after 60 dropped', 'after', '']);
  });
});

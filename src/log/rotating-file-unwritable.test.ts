import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RotatingFile } from './rotating-file.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rtlab-unwritable-'));
  dirs.push(dir);
  return dir;
}

function readLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

// Linux's /dev/full answers every write with ENOSPC: a real full disk, without filling one.
describe.runIf(existsSync('/dev/full'))('RotatingFile on a file that cannot be written', () => {
  it('drops lines on ENOSPC without throwing, warns once, and resumes when the disk has room', () => {
    const dir = tempDir();
    const file = path.join(dir, 'svc.log');
    symlinkSync('/dev/full', file);
    const warnings: string[] = [];
    const log = new RotatingFile(file, {
      maxBytes: 1_000_000,
      maxFiles: 3,
      warn: (message) => warnings.push(message),
      resumedLine: (dropped) => `resumed after ${dropped} dropped`,
    });
    for (let i = 0; i < 5; i++) {
      log.write(`lost ${i}`);
      expect(() => log.flush()).not.toThrow();
    }
    expect(warnings).toEqual([
      `rtlab: cannot write logs to ${file} (ENOSPC: no space left on device); dropping log lines until it can`,
    ]);

    // Room again: the link now points at a real file.
    unlinkSync(file);
    log.write('kept 1');
    log.flush();
    log.write('kept 2');
    log.close();
    expect(readLines(file)).toEqual(['resumed after 5 dropped', 'kept 1', 'kept 2']);
    expect(warnings[1]).toBe(`rtlab: writing logs to ${file} again; 5 log line(s) were dropped`);
    expect(warnings).toHaveLength(2);
  });

  it('survives its directory being removed, and writes again once it can', () => {
    const dir = tempDir();
    const file = path.join(dir, 'logs', 'svc.log');
    const warnings: string[] = [];
    const log = new RotatingFile(file, { maxBytes: 1_000_000, maxFiles: 3, warn: (message) => warnings.push(message) });
    log.write('before');
    log.flush();
    // Where the directory was, something that is not a directory: it cannot be re-created.
    rmSync(path.join(dir, 'logs'), { recursive: true });
    const blocker = path.join(dir, 'logs');
    symlinkSync('/dev/full', blocker);
    log.close(); // drop the descriptor into the removed directory, as a restart of the sink would
    log.write('lost');
    expect(() => log.flush()).not.toThrow();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^rtlab: cannot write logs to .*svc\.log \((ENOTDIR|EEXIST)\b.*\); dropping log lines until it can$/,
    );

    unlinkSync(blocker);
    log.write('after');
    log.close();
    expect(readLines(file)).toEqual(['after']);
    expect(warnings[1]).toMatch(/again; 1 log line\(s\) were dropped$/);
  });

  it('keeps the lines when rotation cannot rename, appending to the live file', () => {
    const dir = tempDir();
    const logs = path.join(dir, 'logs');
    mkdirSync(logs);
    const file = path.join(logs, 'svc.log');
    const warnings: string[] = [];
    const log = new RotatingFile(file, { maxBytes: 10, maxFiles: 2, warn: (message) => warnings.push(message) });
    // `svc.log.1` is a non-empty directory: rmSync and renameSync onto it both fail.
    mkdirSync(path.join(`${file}.1`, 'busy'), { recursive: true });
    for (let i = 0; i < 3; i++) {
      log.write(`line ${i} ${'x'.repeat(10)}`);
      expect(() => log.flush()).not.toThrow();
    }
    log.close();
    expect(readLines(file)).toEqual([0, 1, 2].map((i) => `line ${i} ${'x'.repeat(10)}`));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^rtlab: cannot rotate .*svc\.log \(E\w+: .*\); appending to it as it is$/);
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RotatingFile } from './rotating-file.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('RotatingFile', () => {
  it('rotates by size, keeps maxFiles files, and loses no line of those kept', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rtlab-rotate-'));
    dirs.push(dir);
    const file = new RotatingFile(path.join(dir, 'logs', 'svc.log'), { maxBytes: 100, maxFiles: 3 });
    for (let i = 0; i < 30; i++) {
      file.write(`line ${String(i).padStart(2, '0')} ${'x'.repeat(10)}`);
      file.flush();
    }
    file.close();
    const read = (name: string) =>
      readFileSync(path.join(dir, 'logs', name), 'utf8')
        .split('\n')
        .filter(Boolean);
    const kept = [...read('svc.log.2'), ...read('svc.log.1'), ...read('svc.log')];
    expect(existsSync(path.join(dir, 'logs', 'svc.log.3'))).toBe(false);
    expect(kept.at(-1)).toBe(`line 29 ${'x'.repeat(10)}`);
    const numbers = kept.map((line) => Number(line.slice(5, 7)));
    expect(numbers).toEqual(numbers.map((_, index) => numbers[0]! + index));
    for (const name of ['svc.log', 'svc.log.1', 'svc.log.2']) {
      expect(readFileSync(path.join(dir, 'logs', name)).length).toBeLessThanOrEqual(100);
    }
  });
});

import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { resolveLabHome } from './resolve-lab-home.js';
import { writeEnvFileIfMissing } from './write-env-file.js';

function folderWithEnv(lines: string): string {
  const cwd = mkdtempSync(path.join(tmpdir(), 'rtlab-home-'));
  writeFileSync(path.join(cwd, '.env'), lines);
  return cwd;
}

describe('resolveLabHome', () => {
  it('finds the folder loadConfig finds: .env, then the environment over it, relative to cwd', () => {
    // A complete .env (secrets included), so that loadConfig validates it.
    const cwd = mkdtempSync(path.join(tmpdir(), 'rtlab-home-'));
    appendFileSync(writeEnvFileIfMissing(cwd).path, '\nRTLAB_HOME=state-from-env-file\n');
    for (const env of [{}, { RTLAB_HOME: 'state-from-environment' }, { RTLAB_HOME: '/abs/state' }]) {
      expect(resolveLabHome({ cwd, env })).toBe(loadConfig({ cwd, env }).home);
    }
    expect(resolveLabHome({ cwd, env: {} })).toBe(path.join(cwd, 'state-from-env-file'));
  });

  it('is .rtlab under cwd without a .env, and reads it even when another setting is broken', () => {
    const bare = mkdtempSync(path.join(tmpdir(), 'rtlab-home-'));
    expect(resolveLabHome({ cwd: bare, env: {} })).toBe(path.join(bare, '.rtlab'));
    const broken = folderWithEnv('RECEIVER_PORT=abc\nRTLAB_HOME=here\n');
    expect(resolveLabHome({ cwd: broken, env: {} })).toBe(path.join(broken, 'here'));
  });
});

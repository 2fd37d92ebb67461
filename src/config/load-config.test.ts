import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { writeEnvFileIfMissing } from './write-env-file.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rtlab-config-'));
  dirs.push(dir);
  return dir;
}

describe('loadConfig', () => {
  it('layers .env < environment < flags', () => {
    const cwd = tempDir();
    writeFileSync(
      path.join(cwd, '.env'),
      'WEBHOOK_SECRET=from-dotenv-secret\nJWT_SECRET=0123456789abcdef\nWS_TOKEN=token-123\nLOG_LEVEL=debug\nRECEIVER_PORT=4001\nWS_PORT=4003\n',
    );
    const config = loadConfig({
      cwd,
      env: { RECEIVER_PORT: '5001', LOG_LEVEL: 'warn' },
      flags: { LOG_LEVEL: 'error' },
    });
    expect(config.ports.receiver).toBe(5001);
    expect(config.ports.ws).toBe(4003);
    expect(config.logLevel).toBe('error');
    expect(config.webhookSecret).toBe('from-dotenv-secret');
  });

  it('a written .env is valid, has fresh secrets, and is never overwritten', () => {
    const cwd = tempDir();
    expect(writeEnvFileIfMissing(cwd).created).toBe(true);
    const first = loadConfig({ cwd, env: {} });
    expect(first.webhookSecret).toMatch(/^whsec_/);
    expect(first.apiToken).toMatch(/^[\w-]{32}$/);
    expect(writeEnvFileIfMissing(cwd).created).toBe(false);
    expect(loadConfig({ cwd, env: {} }).webhookSecret).toBe(first.webhookSecret);

    const other = tempDir();
    writeEnvFileIfMissing(other);
    expect(loadConfig({ cwd: other, env: {} }).webhookSecret).not.toBe(first.webhookSecret);
    expect(loadConfig({ cwd: other, env: {} }).apiToken).not.toBe(first.apiToken);
  });
});

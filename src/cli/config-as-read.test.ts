import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { InvalidSettingsError } from '../config/config-problem.js';
import { toConfigAsRead } from './config-as-read.js';

const secrets = {
  WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  JWT_SECRET: '0123456789abcdef',
  WS_TOKEN: 'token-123',
};

function asRead(env: Record<string, string>) {
  const options = { cwd: mkdtempSync(path.join(tmpdir(), 'rtlab-as-read-')), env };
  let error: unknown;
  try {
    loadConfig(options);
  } catch (thrown) {
    error = thrown;
  }
  if (!(error instanceof InvalidSettingsError)) throw new Error('expected an InvalidSettingsError');
  return { error, result: toConfigAsRead(error, options) };
}

describe('toConfigAsRead', () => {
  it('names the broken settings and throws the whole error only where a field made from them is read', () => {
    const { error, result } = asRead({
      ...secrets,
      WEBHOOK_SECRET: 'short',
      RECEIVER_PORT: 'abc',
      RTLAB_HOME: 'state',
    });
    expect([...result!.broken].sort()).toEqual(['RECEIVER_PORT', 'WEBHOOK_SECRET']);
    const config = result!.config;
    expect(config.home).toMatch(/state$/);
    expect(config.ports.ws).toBe(3003);
    expect(config.wsToken).toBe('token-123');
    expect(() => config.webhookSecret).toThrow(error);
    expect(() => config.ports.receiver).toThrow(error);
    expect(() => config.receiverUrl).toThrow(error);
  });

  it('a clash between two ports breaks both; an open HOST without a token breaks HOST', () => {
    const clash = asRead({ ...secrets, RECEIVER_PORT: '4000', SENDER_PORT: '4000', WS_PORT: '3002' });
    expect([...clash.result!.broken].sort()).toEqual(['RECEIVER_PORT', 'SENDER_PORT']);
    expect(clash.result!.config.ports.ws).toBe(3002);
    expect(() => clash.result!.config.ports.sender).toThrow(clash.error);

    const open = asRead({ ...secrets, HOST: '0.0.0.0' });
    expect([...open.result!.broken].sort()).toEqual(['HOST', 'RTLAB_API_TOKEN']);
    expect(() => open.result!.config.host).toThrow(open.error);
    expect(open.result!.config.mongoDb).toBe('realtime_labs');
  });

  it('a broken secret breaks the token derived from it', () => {
    const { error, result } = asRead({ ...secrets, JWT_SECRET: 'short' });
    expect(() => result!.config.internalToken).toThrow(error);
    expect(result!.config.wsToken).toBe('token-123');
  });
});

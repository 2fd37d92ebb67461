import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import type { ConfigSource, RawSettings } from './config-sources.js';
import { loadConfig } from './load-config.js';
import { parseConfig } from './parse-config.js';

const secrets = { WEBHOOK_SECRET: 'a-long-enough-secret', JWT_SECRET: 'sixteen-chars-or-more', WS_TOKEN: 'token-123' };

function raw(values: Record<string, [string, ConfigSource]>): RawSettings {
  const all: Record<string, [string, ConfigSource]> = {
    ...Object.fromEntries(Object.entries(secrets).map(([key, value]) => [key, [value, '.env']])),
    ...values,
  };
  return Object.fromEntries(Object.entries(all).map(([key, [value, source]]) => [key, { value, source }]));
}

describe('the listen address: RTLAB_HOST, with HOST as a fallback', () => {
  it('reads RTLAB_HOST, and names it in messages', () => {
    expect(parseConfig(raw({ RTLAB_HOST: ['127.0.0.2', 'environment'] }), '/lab')).toMatchObject({
      host: '127.0.0.2',
      hostSetting: 'RTLAB_HOST',
    });
    expect(() => parseConfig(raw({ RTLAB_HOST: ['0.0.0.0', 'environment'] }), '/lab')).toThrow(
      /RTLAB_API_TOKEN: missing; required when RTLAB_HOST \(0\.0\.0\.0\) opens the lab/,
    );
    expect(() => parseConfig(raw({ RTLAB_HOST: ['my laptop', '.env'] }), '/lab')).toThrow(
      /RTLAB_HOST: found "my laptop" in \.env; must be an IP address/,
    );
  });

  it("ignores tcsh's HOST (the machine's name), so that serve does not exit 2 for it", () => {
    const config = loadConfig({ cwd: '/nonexistent-lab', env: { ...secrets, HOST: 'build-01.example.org' } });
    expect(config).toMatchObject({ host: '127.0.0.1', hostSetting: 'RTLAB_HOST' });
    expect(parseConfig(raw({ HOST: ['laptop', 'environment'] }), '/lab').host).toBe('127.0.0.1');
  });

  it('uses HOST when it holds an address, and the later layer wins between the two', () => {
    expect(
      parseConfig(
        raw({ HOST: ['0.0.0.0', 'environment'], RTLAB_API_TOKEN: ['a-token-of-16-chars-or-more', '.env'] }),
        '/lab',
      ),
    ).toMatchObject({ host: '0.0.0.0', hostSetting: 'HOST' });
    // A fresh .env says RTLAB_HOST=127.0.0.1; HOST=0.0.0.0 given in the environment still opens the lab.
    expect(
      parseConfig(
        raw({
          RTLAB_HOST: ['127.0.0.1', '.env'],
          HOST: ['0.0.0.0', 'environment'],
          RTLAB_API_TOKEN: ['a-token-of-16-chars-or-more', '.env'],
        }),
        '/lab',
      ).host,
    ).toBe('0.0.0.0');
    expect(
      parseConfig(raw({ RTLAB_HOST: ['127.0.0.3', 'environment'], HOST: ['0.0.0.0', 'environment'] }), '/lab').host,
    ).toBe('127.0.0.3');
  });

  it("a port given by a flag is not held against the other services' settings (serve checks it is free instead)", () => {
    const config = parseConfig(raw({ SENDER_PORT: ['4002', '.env'], RECEIVER_PORT: ['4002', 'flag'] }), '/lab');
    expect(config.ports.receiver).toBe(4002);
    expect(config.receiverUrl).toBe('http://127.0.0.1:4002/webhooks');
    expect(() =>
      parseConfig(raw({ SENDER_PORT: ['4002', '.env'], RECEIVER_PORT: ['4002', 'environment'] }), '/lab'),
    ).toThrow(ConfigError);
  });
});

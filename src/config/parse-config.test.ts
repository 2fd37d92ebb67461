import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { InvalidSettingsError } from './config-problem.js';
import type { RawSettings } from './config-sources.js';
import { parseConfig } from './parse-config.js';

const valid = {
  WEBHOOK_SECRET: 'a-long-enough-secret',
  JWT_SECRET: 'sixteen-chars-or-more',
  WS_TOKEN: 'token-123',
};

function fromEnv(values: Record<string, string>): RawSettings {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, { value, source: 'environment' as const }]),
  );
}

function problemsOf(values: Record<string, string>): readonly string[] {
  try {
    parseConfig(fromEnv(values), '/lab');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseConfig', () => {
  it('fills the documented defaults', () => {
    const config = parseConfig(fromEnv(valid), '/lab');
    expect(config.ports).toEqual({
      receiver: 3001,
      sender: 3002,
      grpc: 50051,
      grpcBridge: 50052,
      ws: 3003,
      web: 5173,
      mongo: 27017,
    });
    expect(config.receiverUrl).toBe('http://127.0.0.1:3001/webhooks');
    expect(config.wsServerUrl).toBe('http://127.0.0.1:3003');
    expect(config.grpcTarget).toBe('127.0.0.1:50051');
    expect(config.mongoUrl).toBeUndefined();
    expect(config.mongoDb).toBe('realtime_labs');
    expect(config.logLevel).toBe('info');
    expect(config.home).toBe('/lab/.rtlab');
    expect(config.host).toBe('127.0.0.1');
    expect(config.apiToken).toBeUndefined();
  });

  it('opens HOST only with RTLAB_API_TOKEN, which loopback does not need', () => {
    expect(problemsOf({ ...valid, HOST: '0.0.0.0' })).toEqual([
      "RTLAB_API_TOKEN: missing; required when HOST (0.0.0.0) opens the lab to the network, so that only holders of the token can send webhooks, read /config.json or call the bridge's /orders",
    ]);
    expect(problemsOf({ ...valid, HOST: '::', RTLAB_API_TOKEN: 'short' })).toEqual([
      'RTLAB_API_TOKEN: found a value of 5 characters in the environment; must be at least 16 characters',
    ]);
    expect(
      parseConfig(fromEnv({ ...valid, HOST: '0.0.0.0', RTLAB_API_TOKEN: 'a-token-of-16-chars-or-more' }), '/lab'),
    ).toMatchObject({ host: '0.0.0.0', apiToken: 'a-token-of-16-chars-or-more' });
    expect(problemsOf({ ...valid, HOST: '127.0.0.2' })).toEqual([]);
    expect(problemsOf({ ...valid, HOST: 'localhost' })).toEqual([]);
  });

  it('derives the addresses between services from the ports', () => {
    const config = parseConfig(
      fromEnv({ ...valid, RECEIVER_PORT: '4001', WS_PORT: '4003', GRPC_PORT: '4051' }),
      '/lab',
    );
    expect([config.receiverUrl, config.wsServerUrl, config.grpcTarget]).toEqual([
      'http://127.0.0.1:4001/webhooks',
      'http://127.0.0.1:4003',
      '127.0.0.1:4051',
    ]);
  });

  it('accepts a Standard Webhooks whsec_ secret', () => {
    expect(problemsOf({ ...valid, WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })).toEqual([]);
  });

  it.each([
    [
      'a short secret',
      { WEBHOOK_SECRET: 'short' },
      'WEBHOOK_SECRET: found a value of 5 characters in the environment; must be at least 10 characters, or whsec_ followed by a base64 key of at least 10 bytes',
    ],
    [
      'a whsec_ secret that is not base64',
      { WEBHOOK_SECRET: 'whsec_not*base64!!' },
      'WEBHOOK_SECRET: found a value of 18 characters in the environment; must be at least 10 characters, or whsec_ followed by a base64 key of at least 10 bytes',
    ],
    [
      'a non-numeric port',
      { RECEIVER_PORT: 'abc' },
      'RECEIVER_PORT: found "abc" in the environment; must be a whole number from 0 to 65535 (0 picks a free port)',
    ],
    [
      'a port out of range',
      { WS_PORT: '70000' },
      'WS_PORT: found "70000" in the environment; must be a whole number from 0 to 65535 (0 picks a free port)',
    ],
    [
      'two services on one port',
      { WS_PORT: '3002' },
      'SENDER_PORT and WS_PORT are both 3002; each service needs its own port',
    ],
    [
      'a HOST that is not an address',
      { HOST: 'my laptop' },
      'HOST: found "my laptop" in the environment; must be an IP address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 or :: (every interface)',
    ],
    [
      'an unknown log level',
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL: found "loud" in the environment; must be one of error, warn, info, http, verbose, debug, silly',
    ],
    [
      'a MONGO_URL that is not a connection string',
      { MONGO_URL: 'localhost:27017' },
      'MONGO_URL: found "localhost:27017" in the environment; must be a MongoDB connection string (mongodb://… or mongodb+srv://…)',
    ],
    [
      'a RECEIVER_URL that is not http',
      { RECEIVER_URL: 'ftp://x/webhooks' },
      'RECEIVER_URL: found "ftp://x/webhooks" in the environment; must be an http:// or https:// URL, such as http://127.0.0.1:3001/webhooks',
    ],
    [
      'a GRPC_TARGET without a port',
      { GRPC_TARGET: 'localhost' },
      'GRPC_TARGET: found "localhost" in the environment; must be host:port, such as 127.0.0.1:50051',
    ],
  ])('reports %s with the key, what was found and the rule', (_name, overrides, message) => {
    expect(problemsOf({ ...valid, ...overrides })).toEqual([message]);
  });

  it('reports a missing secret as missing', () => {
    expect(problemsOf({ JWT_SECRET: valid.JWT_SECRET, WS_TOKEN: valid.WS_TOKEN })).toEqual([
      'WEBHOOK_SECRET: missing; must be at least 10 characters, or whsec_ followed by a base64 key of at least 10 bytes',
    ]);
  });

  it('lists every problem at once, including a port clash beside a broken key', () => {
    const problems = problemsOf({ ...valid, RECEIVER_PORT: 'x', JWT_SECRET: 'short', GRPC_PORT: '3003' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/RECEIVER_PORT/);
    expect(problems.join('\n')).toMatch(/JWT_SECRET/);
    expect(problems.join('\n')).toMatch(/GRPC_PORT and WS_PORT are both 3003/);
  });

  it('never prints a secret back', () => {
    const problems = problemsOf({ ...valid, JWT_SECRET: 'tiny-secret' });
    expect(problems.join('\n')).not.toContain('tiny-secret');
  });

  it('lets port 0 appear on several services (each picks a free port)', () => {
    expect(problemsOf({ ...valid, RECEIVER_PORT: '0', SENDER_PORT: '0' })).toEqual([]);
  });

  it('says which layer a bad value came from', () => {
    const raw: RawSettings = { ...fromEnv(valid), RECEIVER_PORT: { value: 'nope', source: '.env' } };
    expect(() => parseConfig(raw, '/lab')).toThrow(/found "nope" in \.env/);
  });

  it('reports each problem with the settings it is about, whatever its message quotes', () => {
    let error: unknown;
    try {
      // A value that names another setting must not make that setting look broken.
      parseConfig(fromEnv({ ...valid, MONGO_DB: 'WS_TOKEN/x', RECEIVER_PORT: '4000', SENDER_PORT: '4000' }), '/lab');
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidSettingsError);
    expect((error as InvalidSettingsError).settingProblems).toEqual([
      { settings: ['MONGO_DB'], message: expect.stringMatching(/^MONGO_DB: found "WS_TOKEN\/x"/), missing: false },
      {
        settings: ['RECEIVER_PORT', 'SENDER_PORT'],
        message: 'RECEIVER_PORT and SENDER_PORT are both 4000; each service needs its own port',
        missing: false,
      },
    ]);
    const unset = () => parseConfig(fromEnv({ WS_TOKEN: 'token-123' }), '/lab');
    expect(unset).toThrow(InvalidSettingsError);
    try {
      unset();
    } catch (thrown) {
      expect(
        (thrown as InvalidSettingsError).settingProblems.map((problem) => [problem.settings, problem.missing]),
      ).toEqual([
        [['WEBHOOK_SECRET'], true],
        [['JWT_SECRET'], true],
      ]);
    }
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRtlab } from './helpers/run-rtlab.js';
import { useTempDir } from './helpers/temp-dir.js';

describe("commander's errors in rtlab's shape", () => {
  const tempDir = useTempDir();

  const cases: Array<{ args: string[]; stderr: string }> = [
    {
      args: ['doctr'],
      stderr: "✗ unknown command 'doctr'.\n  hint: Did you mean doctor? Run rtlab --help to see the commands.\n",
    },
    {
      args: ['doctor', '--jsno'],
      stderr: "✗ unknown option '--jsno'.\n  hint: Did you mean --json? Run rtlab doctor --help to see its usage.\n",
    },
    {
      args: ['serve'],
      stderr: "✗ missing required argument 'service'.\n  hint: Run rtlab serve --help to see its usage.\n",
    },
    {
      args: ['serve', 'webhooks-reciever'],
      stderr:
        "✗ 'webhooks-reciever' is not a valid <service>.\n  hint: Did you mean webhooks-receiver? Allowed choices are webhooks-receiver, webhooks-sender, grpc-server, grpc-bridge, ws-server, ws-client. Run rtlab serve --help to see its usage.\n",
    },
    {
      args: ['serve', 'webhook-receiver'],
      stderr:
        "✗ 'webhook-receiver' is not a valid <service>.\n  hint: Did you mean webhooks-receiver? Allowed choices are webhooks-receiver, webhooks-sender, grpc-server, grpc-bridge, ws-server, ws-client. Run rtlab serve --help to see its usage.\n",
    },
    {
      args: ['serve', 'grafana'],
      stderr:
        "✗ 'grafana' is not a valid <service>.\n  hint: Allowed choices are webhooks-receiver, webhooks-sender, grpc-server, grpc-bridge, ws-server, ws-client. Run rtlab serve --help to see its usage.\n",
    },
    {
      args: ['tail', 'logs', 'ws-sever', '--no-follow'],
      stderr:
        '✗ Unknown service "ws-sever".\n  hint: Did you mean ws-server? The lab\'s services are: webhooks-receiver, webhooks-sender, grpc-server, grpc-bridge, ws-server, ws-client, mongo.\n',
    },
    {
      args: ['tail', 'logs', '--level', 'wran'],
      stderr:
        "✗ 'wran' is not a valid --level.\n  hint: Did you mean warn? Allowed choices are error, warn, info, http, verbose, debug, silly. Run rtlab tail logs --help to see its usage.\n",
    },
    {
      args: ['tail', 'logs', '--level', 'loud'],
      stderr:
        "✗ 'loud' is not a valid --level.\n  hint: Allowed choices are error, warn, info, http, verbose, debug, silly. Run rtlab tail logs --help to see its usage.\n",
    },
    {
      args: ['up', '--watch'],
      stderr:
        '✗ --watch restarts child processes, so it needs --runtime process.\n  hint: rtlab up --runtime process --watch\n',
    },
    {
      args: ['up', '--docker', '--runtime', 'process'],
      stderr:
        '✗ --docker and --runtime process ask for two runtimes.\n  hint: Give one: --docker (or --runtime docker), or --runtime process.\n',
    },
    {
      args: ['webhooks', 'sign'],
      stderr:
        "✗ required option '--data <json|@file>' not specified.\n  hint: Run rtlab webhooks sign --help to see its usage.\n",
    },
    {
      args: ['--log-level'],
      stderr: "✗ option '--log-level <level>' argument missing.\n  hint: Run rtlab --help to see the commands.\n",
    },
  ];

  for (const { args, stderr } of cases) {
    it(`rtlab ${args.join(' ')}: ✗ what is wrong, hint: what to do, exit 2, nothing on stdout`, async () => {
      const run = await runRtlab(args, { cwd: tempDir() });
      expect(run.stderr).toBe(stderr);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
    });
  }
});

describe('an invalid setting stops only the commands that read it', () => {
  const tempDir = useTempDir();

  /** A .env being edited: a port and a secret broken, the rest as rtlab wrote it. */
  function labWithBrokenEnv(): string {
    const cwd = tempDir();
    writeFileSync(
      path.join(cwd, '.env'),
      'WEBHOOK_SECRET=short\nJWT_SECRET=0123456789abcdef\nWS_TOKEN=token-123\nRECEIVER_PORT=abc\n',
    );
    const logs = path.join(cwd, '.rtlab', 'logs');
    mkdirSync(logs, { recursive: true });
    writeFileSync(
      path.join(logs, 'webhooks-receiver.log'),
      `${JSON.stringify({ timestamp: '2026-01-01T10:00:00.000Z', level: 'info', service: 'webhooks-receiver', message: 'Handling order.created event' })}\n`,
    );
    return cwd;
  }

  it("tail logs prints the lab's lines and names the broken settings; serve refuses to start, every problem listed (exit 2)", async () => {
    const cwd = labWithBrokenEnv();
    const tail = await runRtlab(['tail', 'logs', '--no-follow'], { cwd });
    expect(tail.code).toBe(0);
    expect(tail.stdout).toMatch(/webhooks-receiver.*Handling order\.created event/);
    expect(tail.stderr).toBe(
      '! Invalid settings RECEIVER_PORT, WEBHOOK_SECRET; this command goes on without them. rtlab doctor lists the problems.\n',
    );

    const serve = await runRtlab(['serve', 'webhooks-receiver'], { cwd });
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain('✗ Invalid configuration (2 problems):\n');
    expect(serve.stderr).toContain('RECEIVER_PORT: found "abc" in .env');
    expect(serve.stderr).toContain('WEBHOOK_SECRET: found a value of 5 characters in .env');
    expect(serve.stderr).toContain('  hint: Fix these in .env');
    expect(serve.stdout).toBe('');
  });

  it('--help, --version and doctor work; doctor reports the problems (exit 3)', async () => {
    const cwd = labWithBrokenEnv();
    expect((await runRtlab(['--help'], { cwd })).code).toBe(0);
    expect((await runRtlab(['--version'], { cwd })).code).toBe(0);
    const ports = {
      SENDER_PORT: '0',
      GRPC_PORT: '0',
      GRPC_BRIDGE_PORT: '0',
      WS_PORT: '0',
      WEB_PORT: '0',
      MONGO_PORT: '0',
    };
    const doctor = await runRtlab(['doctor', '--json'], { cwd, env: ports });
    const config = (
      JSON.parse(doctor.stdout) as { checks: Array<{ id: string; status: string; detail: string }> }
    ).checks.find((check) => check.id === 'config');
    expect(config).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('RECEIVER_PORT: found "abc" in .env'),
    });
    expect(doctor.code).toBe(3);
  });

  it('webhooks sign works without the broken settings it is not given; send stops on a broken MONGO_URL (exit 2), not a warning', async () => {
    const cwd = labWithBrokenEnv();
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const sign = await runRtlab(
      [
        'webhooks',
        'sign',
        '--data',
        '{"type":"order.paid","data":{},"createdAt":"2026-01-01T00:00:00.000Z"}',
        '--secret',
        secret,
        '--to',
        'http://127.0.0.1:9/webhooks',
        '--id',
        'msg_1',
        '--timestamp',
        '1767225600',
      ],
      { cwd },
    );
    expect(sign.code).toBe(0);
    expect(sign.stdout).toMatch(/^webhook-id: msg_1\nwebhook-timestamp: 1767225600\nwebhook-signature: v1,\S+\n/);
    const unsigned = await runRtlab(['webhooks', 'sign', '--data', '{}', '--to', 'http://127.0.0.1:9/webhooks'], {
      cwd,
    });
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toContain('WEBHOOK_SECRET: found a value of 5 characters in .env');

    // RECEIVER_PORT from the environment mends the .env's: MONGO_URL is what send reads and finds broken.
    const send = await runRtlab(['webhooks', 'send', '--secret', secret], {
      cwd,
      env: { MONGO_URL: 'http://not-mongo', RECEIVER_PORT: '9' },
    });
    expect(send.code).toBe(2);
    expect(send.stderr).toContain('MONGO_URL: found "http://not-mongo" in the environment');
    expect(send.stdout).toBe('');
  });

  it('a command that reads a broken setting stops with every problem listed (exit 2), not a network error', async () => {
    const cwd = tempDir();
    writeFileSync(
      path.join(cwd, '.env'),
      'WEBHOOK_SECRET=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\nJWT_SECRET=0123456789abcdef\nWS_TOKEN=short\n',
    );
    const chat = await runRtlab(['ws', 'chat', 'hola'], { cwd });
    expect(chat.code).toBe(2);
    expect(chat.stderr).toContain(
      '✗ Invalid configuration (1 problem):\n  - WS_TOKEN: found a value of 5 characters in .env; must be at least 8 characters\n',
    );
  });
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRtlab, startRtlab } from './helpers/run-rtlab.js';
import { useTempDir } from './helpers/temp-dir.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

describe('rtlab CLI', () => {
  const tempDir = useTempDir();

  it('--help lists the commands and examples', async () => {
    const run = await runRtlab(['--help'], { cwd: tempDir() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: rtlab/);
    expect(run.stdout).toMatch(/doctor/);
    expect(run.stdout).toMatch(/tail/);
    expect(run.stdout).toMatch(/Examples:/);
  });

  it('--version prints the package version', async () => {
    const run = await runRtlab(['--version'], { cwd: tempDir() });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(manifest.version);
  });

  it('an unknown command exits 2 with a suggestion', async () => {
    const run = await runRtlab(['doctr'], { cwd: tempDir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command 'doctr'/);
    expect(run.stderr).toMatch(/Did you mean doctor\?/);
    expect(run.stdout).toBe('');
  });

  it('an unknown option exits 2', async () => {
    const run = await runRtlab(['doctor', '--jsno'], { cwd: tempDir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--jsno'/);
  });

  it('doctor --json prints one entry per check and writes a .env on first use', async () => {
    const cwd = tempDir();
    const run = await runRtlab(['doctor', '--json'], {
      cwd,
      env: {
        RECEIVER_PORT: '0',
        SENDER_PORT: '0',
        GRPC_PORT: '0',
        GRPC_BRIDGE_PORT: '0',
        WS_PORT: '0',
        WEB_PORT: '0',
        MONGO_PORT: '0',
      },
    });
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      checks: Array<{ id: string; status: string; required: boolean }>;
    };
    expect(report.checks.map((check) => check.id)).toEqual([
      'node',
      'config',
      'host',
      'port:webhooks-receiver',
      'port:webhooks-sender',
      'port:grpc-server',
      'port:grpc-bridge',
      'port:ws-server',
      'port:ws-client',
      'port:mongo',
      'mongo',
      'container-engine',
      'chromium',
    ]);
    expect(report.ok).toBe(true);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Created .*\.env with random development secrets/);
    const env = readFileSync(path.join(cwd, '.env'), 'utf8');
    expect(env).toMatch(/^WEBHOOK_SECRET=whsec_[A-Za-z0-9+/=]{32}$/m);
    expect(env).not.toMatch(/dev-webhook-secret-change-me/);
    expect(env).toMatch(/^RTLAB_API_TOKEN=[\w-]{32}$/m);
    expect(env).toMatch(/^RTLAB_HOST=127\.0\.0\.1$/m);
  });

  it('doctor warns, without failing, when HOST opens the lab to the network, and says how to close it', async () => {
    const cwd = tempDir();
    const ports = {
      RECEIVER_PORT: '0',
      SENDER_PORT: '0',
      GRPC_PORT: '0',
      GRPC_BRIDGE_PORT: '0',
      WS_PORT: '0',
      WEB_PORT: '0',
      MONGO_PORT: '0',
    };
    const open = await runRtlab(['doctor'], {
      cwd,
      env: { ...ports, HOST: '0.0.0.0', RTLAB_API_TOKEN: 'api-token-for-doctor-test' },
    });
    expect(open.code).toBe(0);
    expect(open.stdout).toMatch(
      /^! Network exposure \(HOST\)\s+HOST=0\.0\.0\.0: other machines on the network can reach webhooks-receiver \(any port\), webhooks-sender/m,
    );
    expect(open.stdout).toContain("/send, /config.json and the bridge's /orders require RTLAB_API_TOKEN");
    // HOST came from the environment here: a line in .env could not override it, so the hint says to unset it.
    expect(open.stdout).toContain(
      '→ To keep the lab to this machine, set RTLAB_HOST=127.0.0.1 in .env, and if your shell exports HOST, unset it (unset HOST)',
    );
    expect(open.stdout).toContain('All required checks passed.');

    const ipv6 = JSON.parse(
      (
        await runRtlab(['doctor', '--json'], {
          cwd,
          env: { ...ports, HOST: '::', RTLAB_API_TOKEN: 'api-token-for-doctor-test' },
        })
      ).stdout,
    ) as { ok: boolean; checks: Array<{ id: string; status: string; required: boolean }> };
    expect(ipv6.ok).toBe(true);
    expect(ipv6.checks.find((check) => check.id === 'host')).toMatchObject({ status: 'fail', required: false });
    const local = JSON.parse((await runRtlab(['doctor', '--json'], { cwd, env: ports })).stdout) as {
      checks: Array<{ id: string; status: string; detail: string }>;
    };
    expect(local.checks.find((check) => check.id === 'host')).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('HOST=127.0.0.1'),
    });
  });

  it('serve ws-client with HOST open prints the dashboard URL with its token; /config.json answers that URL only', async () => {
    const cwd = tempDir();
    const { freePort } = await import('./helpers/free-port.js');
    const { serveService } = await import('./helpers/serve-service.js');
    const { listeningAddresses } = await import('./helpers/listening-addresses.js');
    const port = await freePort();
    const token = 'api-token-for-dashboard-test';
    const child = startRtlab(['serve', 'ws-client'], {
      cwd,
      env: { WEB_PORT: String(port), HOST: '0.0.0.0', RTLAB_API_TOKEN: token },
    });
    try {
      const printed = await new Promise<string>((resolve) => {
        let stderr = '';
        child.stderr?.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const match = /Open the dashboard with its token: (\S+)/.exec(stderr);
          if (match !== null && /Dashboard available/.test(stderr)) resolve(match[1]!);
        });
      });
      expect(printed).toBe(`http://127.0.0.1:${port}/?token=${token}`);
      expect(listeningAddresses(port)).toEqual(['0.0.0.0']);
      expect((await fetch(`http://127.0.0.1:${port}/config.json`)).status).toBe(401);
      const withToken = await fetch(`http://127.0.0.1:${port}/config.json?${new URL(printed).searchParams.toString()}`);
      expect(withToken.status).toBe(200);
      expect(await withToken.json()).toMatchObject({ token: expect.any(String) });
      expect((await fetch(printed)).status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    // On loopback (the default) nothing is printed about the network and no token is needed.
    const local = await serveService('ws-client', cwd, { WEB_PORT: String(port) });
    try {
      expect((await fetch(`http://127.0.0.1:${port}/config.json`)).status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => local.once('exit', resolve));
      local.kill('SIGTERM');
      await exited;
    }
  });

  it('doctor exits 3 and names the holder when a lab port is taken', async () => {
    const cwd = tempDir();
    const net = await import('node:net');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const run = await runRtlab(['doctor'], { cwd, env: { RECEIVER_PORT: String(port) } });
      expect(run.code).toBe(3);
      expect(run.stdout).toMatch(new RegExp(`✗ Port ${port} \\(webhooks-receiver\\)\\s+in use by pid ${process.pid} `));
      expect(run.stdout).toMatch(/set RECEIVER_PORT to another port/);
    } finally {
      server.close();
    }
  });

  it('doctor tells a port held by the running lab from one held by a stranger', async () => {
    const cwd = tempDir();
    const { freePort } = await import('./helpers/free-port.js');
    const { serveService } = await import('./helpers/serve-service.js');
    const env = {
      WEB_PORT: String(await freePort()),
      RECEIVER_PORT: '0',
      SENDER_PORT: '0',
      GRPC_PORT: '0',
      GRPC_BRIDGE_PORT: '0',
      WS_PORT: '0',
      MONGO_PORT: '0',
    };
    const dashboard = await serveService('ws-client', cwd, env);
    try {
      const run = await runRtlab(['doctor', '--json'], { cwd, env });
      const report = JSON.parse(run.stdout) as {
        ok: boolean;
        checks: Array<{ id: string; status: string; detail: string }>;
      };
      expect(report.checks.find((check) => check.id === 'port:ws-client')).toMatchObject({
        status: 'ok',
        detail: expect.stringContaining("in use by the lab's own ws-client"),
      });
      expect(run.code).toBe(0);
    } finally {
      const exited = new Promise((resolve) => dashboard.once('exit', resolve));
      dashboard.kill('SIGTERM');
      await exited;
    }
  });

  it('doctor checks MONGO_URL when set: a server that answers passes, one that does not fails with exit 3', async () => {
    const cwd = tempDir();
    const { freePort } = await import('./helpers/free-port.js');
    const { startMongoLite } = await import('../src/mongo/lite/server/start-mongo-lite.js');
    const ports = {
      RECEIVER_PORT: '0',
      SENDER_PORT: '0',
      GRPC_PORT: '0',
      GRPC_BRIDGE_PORT: '0',
      WS_PORT: '0',
      WEB_PORT: '0',
      MONGO_PORT: '0',
    };
    const mongo = await startMongoLite({ port: 0 });
    try {
      const up = await runRtlab(['doctor', '--json'], { cwd, env: { ...ports, MONGO_URL: mongo.uri } });
      expect(
        (JSON.parse(up.stdout) as { checks: Array<{ id: string; status: string }> }).checks.find(
          (check) => check.id === 'mongo',
        ),
      ).toMatchObject({ status: 'ok' });
    } finally {
      await mongo.stop();
    }
    const url = `mongodb://learner:s3cret@127.0.0.1:${await freePort()}/?directConnection=true`;
    const down = await runRtlab(['doctor', '--json'], { cwd, env: { ...ports, MONGO_URL: url } });
    expect(down.code).toBe(3);
    const check = (
      JSON.parse(down.stdout) as { checks: Array<{ id: string; status: string; detail: string }> }
    ).checks.find((item) => item.id === 'mongo');
    expect(check).toMatchObject({ status: 'fail', detail: expect.stringContaining('is unreachable after 2000 ms') });
    expect(check!.detail).not.toContain('s3cret');
  });

  it('invalid configuration exits 2 and lists every problem, without a stack trace', async () => {
    const cwd = tempDir();
    writeFileSync(
      path.join(cwd, '.env'),
      'WEBHOOK_SECRET=short\nJWT_SECRET=0123456789abcdef\nWS_TOKEN=token-123\nRECEIVER_PORT=abc\n',
    );
    // serve reads every setting (tail logs reads only RTLAB_HOME, and goes on: test/cli-errors.e2e.test.ts).
    const run = await runRtlab(['serve', 'webhooks-receiver'], { cwd, env: { LOG_LEVEL: 'loud' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Invalid configuration (3 problems)');
    expect(run.stderr).toContain('RECEIVER_PORT: found "abc" in .env');
    expect(run.stderr).toContain('WEBHOOK_SECRET: found a value of 5 characters in .env');
    expect(run.stderr).toContain('LOG_LEVEL: found "loud" in the environment');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(cwd, '.env'))).toBe(true);
  });

  it('mongo serve prints a URI a driver can use and stops cleanly on SIGTERM (exit 0)', async () => {
    const cwd = tempDir();
    const child = startRtlab(['mongo', 'serve', '--port', '0', '--no-persist'], { cwd });
    const uri = await new Promise<string>((resolve) =>
      child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())),
    );
    expect(uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/\?replicaSet=rs0$/);
    const { MongoClient } = await import('mongodb');
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
    await client.db('lab').collection('c').insertOne({ ok: true });
    expect(await client.db('lab').collection('c').countDocuments()).toBe(1);
    await client.close();
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(path.join(cwd, '.rtlab', 'data'))).toBe(false);
  });

  it('mongo serve on a busy port exits 3 and says which setting moves it', async () => {
    const cwd = tempDir();
    const net = await import('node:net');
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = await runRtlab(['mongo', 'serve', '--port', String(port)], { cwd });
      expect(run.code).toBe(3);
      // Named like rtlab serve names it: here the holder is this test's own process.
      expect(run.stderr).toContain(`Port ${port} is in use (mongo) by pid ${process.pid}`);
      expect(run.stderr).toContain('MONGO_PORT (or --port)');
    } finally {
      blocker.close();
    }
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { isEngineProcess, type EngineRecord } from '../../src/runtime/shared-mongo/engine-record.js';
import { useChildProcesses } from '../helpers/child-processes.js';
import { freePort } from '../helpers/free-port.js';
import { runRtlab } from '../helpers/run-rtlab.js';
import { serveService } from '../helpers/serve-service.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { eventually } from '../helpers/webhook-lab.js';

const wsToken = 'ws-token-for-shared-engine';

async function labEnv(): Promise<{
  RECEIVER_PORT: string;
  SENDER_PORT: string;
  WS_PORT: string;
  MONGO_PORT: string;
  WS_TOKEN: string;
}> {
  return {
    RECEIVER_PORT: String(await freePort()),
    SENDER_PORT: String(await freePort()),
    WS_PORT: String(await freePort()),
    MONGO_PORT: String(await freePort()),
    WS_TOKEN: wsToken,
  };
}

function readRecord(cwd: string): EngineRecord {
  return JSON.parse(readFileSync(path.join(cwd, '.rtlab', 'mongo.json'), 'utf8')) as EngineRecord;
}

/** Sends one chat message through the ws-server and resolves with its acknowledgement. */
async function chat(wsPort: string, text: string): Promise<Record<string, unknown>> {
  const socket = io(`http://127.0.0.1:${wsPort}/chat`, {
    auth: { token: wsToken },
    transports: ['websocket'],
    reconnection: false,
  });
  try {
    return (await socket.timeout(5000).emitWithAck('chat:message', { user: 'ana', text })) as Record<string, unknown>;
  } finally {
    socket.close();
  }
}

describe("the lab's shared embedded MongoDB", () => {
  const tempDir = useTempDir();
  const children = useChildProcesses();

  it('outlives the service that started it; rtlab mongo stop stops it', async () => {
    const cwd = tempDir();
    const env = await labEnv();
    const receiver = await serveService('webhooks-receiver', cwd, env);
    children.push(receiver);
    const engine = readRecord(cwd);
    expect(engine.uri).toBe(`mongodb://127.0.0.1:${env.MONGO_PORT}/?replicaSet=rs0`);
    expect(engine.pid).not.toBe(receiver.pid);
    children.push(await serveService('ws-server', cwd, env));

    // Ctrl-C on the first service: the ws-server keeps its database, and the learner is told.
    let farewell = '';
    receiver.stderr?.on('data', (chunk: Buffer) => (farewell += chunk.toString()));
    const stopped = new Promise((resolve) => receiver.once('exit', resolve));
    receiver.kill('SIGINT');
    await stopped;
    expect(farewell).toContain(
      `The embedded MongoDB keeps running for the other services (pid ${engine.pid}); stop it with: rtlab mongo stop`,
    );
    expect(isEngineProcess(engine.pid)).toBe(true);
    expect(await chat(env.WS_PORT, 'sigue funcionando')).toMatchObject({ messageId: expect.any(String) });

    const stop = await runRtlab(['mongo', 'stop'], { cwd, env });
    expect(stop.code).toBe(0);
    expect(stop.stdout).toBe(`Stopped the embedded MongoDB (pid ${engine.pid}, ${engine.uri}).\n`);
    expect(isEngineProcess(engine.pid)).toBe(false);
    const again = await runRtlab(['mongo', 'stop'], { cwd, env });
    expect(again.stdout).toMatch(/^No embedded MongoDB is running for this lab/);
  });

  it('is started again by the next service after a kill -9, and refuses a second engine on the same data', async () => {
    const cwd = tempDir();
    const env = await labEnv();
    children.push(await serveService('webhooks-receiver', cwd, env));
    const first = readRecord(cwd);

    const second = await runRtlab(['mongo', 'serve'], { cwd, env });
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(`✗ The lab's embedded MongoDB already runs (pid ${first.pid}, ${first.uri})`);
    expect(second.stderr).toContain('rtlab mongo stop');

    process.kill(first.pid, 'SIGKILL');
    const receiverReady = `http://127.0.0.1:${env.RECEIVER_PORT}/readyz`;
    expect(
      await eventually(
        () => fetch(receiverReady).then((r) => r.status),
        (status) => status === 503,
        10_000,
      ),
    ).toBe(503);

    // The dead engine's record is stale: the next service takes it over and starts a new engine on the same port.
    children.push(await serveService('ws-server', cwd, env));
    const replacement = readRecord(cwd);
    expect(replacement.pid).not.toBe(first.pid);
    expect(replacement.uri).toBe(first.uri);
    expect(await chat(env.WS_PORT, 'de nuevo')).toMatchObject({ messageId: expect.any(String) });
    // The receiver's driver finds the new engine by itself.
    expect(
      await eventually(
        () => fetch(receiverReady).then((r) => r.status),
        (status) => status === 200,
        15_000,
      ),
    ).toBe(200);
  });

  it('is found through its record when MONGO_PORT=0 let it pick a port', async () => {
    const cwd = tempDir();
    const env = { ...(await labEnv()), MONGO_PORT: '0' };
    children.push(
      ...(await Promise.all([serveService('webhooks-receiver', cwd, env), serveService('ws-server', cwd, env)])),
    );
    const engine = readRecord(cwd);
    expect(engine.port).toBeGreaterThan(0);
    expect(await chat(env.WS_PORT, 'puerto libre')).toMatchObject({ messageId: expect.any(String) });
    const events = await runRtlab(['webhooks', 'events', '--json'], { cwd, env });
    expect(events.code).toBe(0);
    expect(JSON.parse(events.stdout)).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookEventDocument } from '../src/mongo/lab-documents.js';
import { useChildProcesses } from './helpers/child-processes.js';
import { freePort } from './helpers/free-port.js';
import { startLabDatabase } from './helpers/lab-database.js';
import { serveService } from './helpers/serve-service.js';
import { useTempDir } from './helpers/temp-dir.js';
import { eventually, testSecret } from './helpers/webhook-lab.js';
import { deliverSigned, orderCreatedBody } from './webhooks/deliver-signed.js';

function logMessages(cwd: string, service: string): Array<{ message: string; level: string }> {
  try {
    const complete = readFileSync(path.join(cwd, '.rtlab', 'logs', `${service}.log`), 'utf8')
      .split('\n')
      .slice(0, -1);
    return complete.map((line) => JSON.parse(line) as { message: string; level: string });
  } catch {
    return [];
  }
}

describe('a service whose console goes away (`rtlab serve … | head -1`)', () => {
  const tempDir = useTempDir('rtlab-console-closed-');
  const children = useChildProcesses();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('keeps serving and logging to its file after its stdout and stderr pipes close', async () => {
    const database = await startLabDatabase();
    cleanups.push(() => database.stop());
    const cwd = tempDir();
    const port = await freePort();
    const receiver = await serveService('webhooks-receiver', cwd, {
      MONGO_URL: database.mongo.uri,
      WEBHOOK_SECRET: testSecret,
      RECEIVER_PORT: String(port),
      LOG_LEVEL: 'info',
    });
    children.push(receiver);
    let exitCode: number | null | undefined;
    receiver.once('exit', (code) => (exitCode = code));
    receiver.stdout?.destroy();
    receiver.stderr?.destroy();

    // Each delivery logs several lines: the first hits the closed pipe, the next ones must not matter.
    const url = `http://127.0.0.1:${port}/webhooks`;
    for (const id of ['msg_quiet_1', 'msg_quiet_2']) {
      const reply = await deliverSigned(url, id, orderCreatedBody(`ord_${id}`));
      expect(reply.status).toBe(202);
    }
    const events = database.connection.db.collection<WebhookEventDocument>('webhook_events');
    await eventually(
      () => events.countDocuments({ eventId: { $in: ['msg_quiet_1', 'msg_quiet_2'] }, status: 'processed' }),
      (count) => count === 2,
    );
    const messages = await eventually(
      () => logMessages(cwd, 'webhooks-receiver'),
      (lines) => lines.filter((line) => line.message === 'Handling order.created event').length === 2,
    );
    expect(messages.filter((line) => line.message === 'Handling order.created event')).toHaveLength(2);
    expect(messages).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'The console went away; logging goes on to this file only' }),
    );
    expect(exitCode).toBeUndefined();
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});

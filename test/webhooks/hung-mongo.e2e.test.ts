import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectMongo } from '../../src/mongo/connect-mongo.js';
import { ensureLabCollections } from '../../src/mongo/lab-collections.js';
import { useChildEngines } from '../mongo-lite/serve-in-child.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { startReceiverStack } from '../helpers/receiver-stack.js';
import { testSecret } from '../helpers/webhook-lab.js';
import { deliverSigned, orderCreatedBody, type SignedReply } from './deliver-signed.js';

/** Only a safety valve: a receiver that never answers while MongoDB hangs gets its MongoDB back after this, and the test then fails. */
const resumeAnywayAfterMs = 25_000;

describe('a hung MongoDB (SIGSTOP: the port open, nothing answers)', () => {
  const tempDir = useTempDir('rtlab-hung-mongo-');
  const engines = useChildEngines();
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startLab() {
    const cwd = tempDir();
    const engine = await engines.serve(cwd, path.join(cwd, 'mongo-data'));
    // Continued after each test whatever happened, so that the clean-up can stop it.
    cleanups.push(() => void engine.child.kill('SIGCONT'));
    // As the services connect (src/runtime/open-lab-database.ts): the default timeouts.
    const connection = await connectMongo({ url: engine.uri, dbName: 'realtime_labs' });
    cleanups.push(() => connection.close());
    await ensureLabCollections(connection.db);
    const stack = await startReceiverStack({
      db: connection.db,
      logDir: path.join(cwd, 'logs'),
      logLevel: 'info',
      secrets: [testSecret],
    });
    cleanups.push(() => stack.stop());
    const { receiver } = stack;
    /** Sends while MongoDB is stopped; says whether the reply came before MongoDB was resumed. */
    const sendWhileHung = async (
      send: () => Promise<SignedReply>,
    ): Promise<{ reply: SignedReply; beforeResume: boolean }> => {
      engine.child.kill('SIGSTOP');
      let resumed = false;
      const valve = setTimeout(() => {
        resumed = true;
        engine.child.kill('SIGCONT');
      }, resumeAnywayAfterMs);
      try {
        const reply = await send();
        return { reply, beforeResume: !resumed };
      } finally {
        clearTimeout(valve);
        engine.child.kill('SIGCONT');
      }
    };
    return { receiver, db: connection.db, sendWhileHung };
  }

  it('a webhook is answered 503 with Retry-After while MongoDB hangs, and the next one is stored once MongoDB resumes', async () => {
    const lab = await startLab();
    const { reply, beforeResume } = await lab.sendWhileHung(() =>
      deliverSigned(lab.receiver.url, 'msg_hung_1', orderCreatedBody('ord_hung_1')),
    );
    expect({ beforeResume, status: reply.status, error: reply.json['error'], retryAfter: reply.retryAfter }).toEqual({
      beforeResume: true,
      status: 503,
      error: 'database_unavailable',
      retryAfter: expect.stringMatching(/^\d+$/),
    });
    // Resumed: the sender's retry (same id) is taken, handled and stored.
    const retried = await deliverSigned(lab.receiver.url, 'msg_hung_1', orderCreatedBody('ord_hung_1'));
    expect(retried.status).toBe(202);
    expect(await lab.db.collection('webhook_events').countDocuments({ eventId: 'msg_hung_1' })).toBe(1);
  }, 90_000);

  it('a receiver whose connections were open and in use answers 503 too, and /readyz answers 503 meanwhile', async () => {
    const lab = await startLab();
    // Warm: the receiver's pooled connections to MongoDB exist when the process stops.
    expect((await deliverSigned(lab.receiver.url, 'msg_warm', orderCreatedBody('ord_warm'))).status).toBe(202);
    const readyz = lab.receiver.url.replace('/webhooks', '/readyz');
    const hung = await lab.sendWhileHung(async () => {
      const [reply, ready] = await Promise.all([
        deliverSigned(lab.receiver.url, 'msg_hung_2', orderCreatedBody('ord_hung_2')),
        fetch(readyz),
      ]);
      return { ...reply, json: { ...reply.json, readyStatus: ready.status } };
    });
    expect({
      beforeResume: hung.beforeResume,
      status: hung.reply.status,
      retryAfter: hung.reply.retryAfter,
      readyStatus: hung.reply.json['readyStatus'],
    }).toEqual({ beforeResume: true, status: 503, retryAfter: expect.stringMatching(/^\d+$/), readyStatus: 503 });
    expect((await deliverSigned(lab.receiver.url, 'msg_hung_2', orderCreatedBody('ord_hung_2'))).status).toBe(202);
    expect((await fetch(readyz)).status).toBe(200);
  }, 90_000);

  it('an operation that is slow on a live MongoDB still succeeds: a change stream waiting longer than a hang takes to be noticed', async () => {
    const lab = await startLab();
    // The server holds this getMore open for 6 s, as a tailing read does: alive, answering the driver's checks meanwhile.
    const stream = lab.db.collection('orders').watch([], { maxAwaitTimeMS: 6000 });
    try {
      // Nothing changed in those 6 s: an empty answer, not an error (a socket timeout would have cut it).
      expect(await stream.tryNext()).toBeNull();
      // And the stream goes on: the next change arrives on it.
      expect((await deliverSigned(lab.receiver.url, 'msg_after_wait', orderCreatedBody('ord_after_wait'))).status).toBe(
        202,
      );
      expect(await stream.tryNext()).toMatchObject({
        operationType: 'insert',
        fullDocument: { orderId: 'ord_after_wait' },
      });
    } finally {
      await stream.close();
    }
  }, 60_000);
});

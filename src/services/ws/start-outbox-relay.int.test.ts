import { MongoClient, type Db } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  internalPeerToken,
  recordingLogger,
  startInternalPeer,
  until,
  type InternalPeerReply,
} from '../../../test/helpers/internal-peer.js';
import type { OrderUpdate } from '../../lab-events.js';
import { ensureLabCollections } from '../../mongo/lab-collections.js';
import type { OutboxDocument } from '../../mongo/lab-documents.js';
import { startMongoLite, type StartedMongoLite } from '../../mongo/lite/server/start-mongo-lite.js';
import { writeOutboxEntry } from '../../mongo/outbox-store.js';
import { startOutboxRelay } from './start-outbox-relay.js';

/** The embedded engine, one per file; each test gets its own database with the lab's indexes. */
let mongo: StartedMongoLite;
let client: MongoClient;
let dbCount = 0;

beforeAll(async () => {
  mongo = await startMongoLite({ port: 0 });
  client = await new MongoClient(mongo.uri, { serverSelectionTimeoutMS: 3000 }).connect();
});

afterAll(async () => {
  await client.close();
  await mongo.stop();
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function update(n: number): OrderUpdate {
  return {
    orderId: `ord_${n}`,
    status: 'created',
    source: 'webhook',
    eventId: `evt_${n}`,
    at: '2026-11-29T10:00:00.000Z',
  };
}

/** A lab database (holding `left` entries first), a scripted ws-server and a relay between them. */
async function startRelay(options: {
  replies?: InternalPeerReply[];
  graceMs: number;
  left?: ReadonlyArray<readonly [OrderUpdate, Date]>;
}) {
  const db: Db = client.db(`relay_${++dbCount}`);
  await ensureLabCollections(db);
  for (const [entry, createdAt] of options.left ?? []) await writeOutboxEntry(db, entry, createdAt);
  const peer = await startInternalPeer({ replies: options.replies ?? [] });
  cleanups.push(peer.stop);
  const { logger, lines } = recordingLogger();
  const relay = startOutboxRelay({
    db,
    wsServerUrl: peer.url,
    internalToken: internalPeerToken,
    logger,
    pollIntervalMs: 20,
    graceMs: options.graceMs,
  });
  cleanups.push(() => relay.stop());
  const outbox = async () =>
    (
      await db
        .collection<OutboxDocument>('outbox')
        .find({}, { sort: { key: 1 } })
        .toArray()
    ).map(({ key, status, sentAt }) => ({ key, status, sent: sentAt instanceof Date }));
  /** Resolves once no entry is pending. */
  const drained = async () => {
    while ((await db.collection('outbox').countDocuments({ status: 'pending' })) !== 0)
      await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return { db, peer, relay, lines, outbox, drained };
}

describe('the outbox relay', () => {
  it('delivers entries another process left in the outbox, oldest first, and marks them sent', async () => {
    const past = Date.now() - 60_000;
    // Written out of order, as concurrent handlers would: the relay sends by creation time.
    const lab = await startRelay({
      graceMs: 0,
      left: [
        [update(2), new Date(past + 2)],
        [update(1), new Date(past + 1)],
        [update(3), new Date(past + 3)],
      ],
    });
    await lab.drained();
    expect(lab.peer.batches.flat()).toEqual([update(1), update(2), update(3)]);
    expect(await lab.outbox()).toEqual(['evt_1', 'evt_2', 'evt_3'].map((key) => ({ key, status: 'sent', sent: true })));
  });

  it('sends an entry handed over with publish at once, without waiting for the grace period, and only once', async () => {
    const lab = await startRelay({ graceMs: 60_000 });
    await writeOutboxEntry(lab.db, update(1), new Date());
    lab.relay.publish(update(1));
    lab.relay.publish(update(1));
    await lab.drained();
    expect(lab.peer.batches.flat()).toEqual([update(1)]);
    expect(await lab.outbox()).toEqual([{ key: 'evt_1', status: 'sent', sent: true }]);
  });

  it('marks an entry the ws-server refused for good as done, so that it is not sent forever', async () => {
    const lab = await startRelay({
      graceMs: 0,
      replies: [{ ok: true, rejected: [{ index: 0, message: 'status: invalid' }] }],
      left: [[update(1), new Date(Date.now() - 1000)]],
    });
    await lab.drained();
    expect(lab.peer.batches).toEqual([[update(1)]]);
    expect(lab.lines.map((line) => line.message)).toContain('ws-server refused a notification; dropped it');
  });

  it('keeps an entry pending until the ws-server acknowledges it', async () => {
    const lab = await startRelay({
      graceMs: 0,
      replies: [{ ok: false, error: 'storage_unavailable' }],
      left: [[update(1), new Date(Date.now() - 1000)]],
    });
    await until(() => lab.peer.batches.length === 1);
    expect(await lab.outbox()).toEqual([{ key: 'evt_1', status: 'pending', sent: false }]);
    await lab.drained();
    expect(lab.peer.batches).toEqual([[update(1)], [update(1)]]);
  });
});

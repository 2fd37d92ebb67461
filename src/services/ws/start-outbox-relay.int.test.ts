import { MongoClient, type CommandSucceededEvent, type Db } from 'mongodb';
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
import type { OutboxDocument, WebhookEventDocument } from '../../mongo/lab-documents.js';
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
  /** Webhook events left processed with their entry pending. */
  leftOnEvents?: ReadonlyArray<readonly [OrderUpdate, Date]>;
  /** The relay's own connection (one that records its commands, say). */
  relayClient?: MongoClient;
}) {
  const db: Db = client.db(`relay_${++dbCount}`);
  await ensureLabCollections(db);
  for (const [entry, createdAt] of options.left ?? []) await writeOutboxEntry(db, entry, createdAt);
  for (const [entry, processedAt] of options.leftOnEvents ?? []) await leaveProcessedEvent(db, entry, processedAt);
  const peer = await startInternalPeer({ replies: options.replies ?? [] });
  cleanups.push(peer.stop);
  const { logger, lines } = recordingLogger();
  const relay = startOutboxRelay({
    db: options.relayClient?.db(db.databaseName) ?? db,
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

/** A webhook event marked processed with its entry pending, as a receiver leaves it when it dies before relaying. */
async function leaveProcessedEvent(db: Db, entry: OrderUpdate, processedAt: Date): Promise<void> {
  await db.collection<WebhookEventDocument>('webhook_events').insertOne({
    eventId: entry.eventId,
    type: 'order.created',
    payload: { type: 'order.created', data: { orderId: entry.orderId }, createdAt: entry.at },
    payloadHash: entry.eventId,
    status: 'processed',
    handlings: 1,
    receivedAt: processedAt,
    claimedAt: processedAt,
    processedAt,
    outbox: { update: entry, status: 'pending' },
  });
}

/** The outbox entries the webhook events carry, by event id. */
async function eventEntries(db: Db) {
  const events = await db
    .collection<WebhookEventDocument>('webhook_events')
    .find({}, { sort: { eventId: 1 } })
    .toArray();
  return events.map(({ eventId, outbox }) => ({
    key: eventId,
    status: outbox?.status,
    sent: outbox?.sentAt instanceof Date,
    ...(outbox?.refusedReason === undefined ? {} : { refusedReason: outbox.refusedReason }),
  }));
}

const pendingEventEntries = (db: Db) =>
  db.collection('webhook_events').countDocuments({ status: 'processed', 'outbox.status': 'pending' });

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

describe('the outbox relay while acknowledgements lag', () => {
  it('reads only the entries written since its last read, and everything again every few polls', async () => {
    // What each of the relay's reads of `outbox` returned, in order.
    const reads: string[][] = [];
    const relayClient = new MongoClient(mongo.uri, { monitorCommands: true, serverSelectionTimeoutMS: 3000 });
    relayClient.on('commandSucceeded', (event: CommandSucceededEvent) => {
      const cursor = (event.reply as { cursor?: { ns?: string; firstBatch?: OutboxDocument[] } }).cursor;
      if (event.commandName === 'find' && cursor?.ns?.endsWith('.outbox') === true)
        reads.push((cursor.firstBatch ?? []).map((entry) => entry.key));
    });
    cleanups.push(() => relayClient.close());
    const past = Date.now() - 60_000;
    const lab = await startRelay({
      graceMs: 0,
      replies: ['hold'],
      left: [1, 2, 3].map((n) => [update(n), new Date(past + n)] as const),
      relayClient,
    });
    await until(() => reads.length >= 5);
    // On their way, unacknowledged: not read again by the next polls.
    expect(reads.slice(0, 5)).toEqual([['evt_1', 'evt_2', 'evt_3'], [], [], [], []]);
    await writeOutboxEntry(lab.db, update(4), new Date());
    await until(() => reads.some((keys) => keys.includes('evt_4')));
    expect(reads.find((keys) => keys.includes('evt_4'))).toEqual(['evt_4']);
    // An entry older than what was read, as a slow writer elsewhere leaves it: found by a read from the start.
    await writeOutboxEntry(lab.db, update(0), new Date(past));
    await until(() => reads.some((keys) => keys.includes('evt_0')));
    expect(reads.find((keys) => keys.includes('evt_0'))).toEqual(['evt_0', 'evt_1', 'evt_2', 'evt_3', 'evt_4']);
  });
});

describe('the outbox relay, for the entries webhook events carry', () => {
  it('delivers the entries a receiver that died left on processed events, oldest first, and marks them sent there', async () => {
    const past = Date.now() - 60_000;
    const lab = await startRelay({
      graceMs: 0,
      leftOnEvents: [
        [update(2), new Date(past + 2)],
        [update(1), new Date(past + 1)],
      ],
      // An entry of the outbox collection beside them: both places are read, each entry marked where it is.
      left: [[{ ...update(3), source: 'grpc' }, new Date(past + 3)]],
    });
    await until(() => lab.peer.batches.flat().length === 3);
    while (
      (await pendingEventEntries(lab.db)) + (await lab.db.collection('outbox').countDocuments({ status: 'pending' })) >
      0
    )
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(lab.peer.batches.flat().filter((sent) => sent.source === 'webhook')).toEqual([update(1), update(2)]);
    expect(await eventEntries(lab.db)).toEqual(['evt_1', 'evt_2'].map((key) => ({ key, status: 'sent', sent: true })));
    expect(await lab.outbox()).toEqual([{ key: 'evt_3', status: 'sent', sent: true }]);
  });

  it('sends an entry its receiver hands over with publish at once, and marks it sent on its event', async () => {
    const lab = await startRelay({ graceMs: 60_000 });
    await leaveProcessedEvent(lab.db, update(1), new Date());
    lab.relay.publish(update(1), 'webhook_events');
    lab.relay.publish(update(1), 'webhook_events');
    while ((await pendingEventEntries(lab.db)) > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(lab.peer.batches.flat()).toEqual([update(1)]);
    expect(await eventEntries(lab.db)).toEqual([{ key: 'evt_1', status: 'sent', sent: true }]);
    expect(await lab.db.collection('outbox').countDocuments()).toBe(0);
  });

  it('marks an entry the ws-server refused for good refused on its event, not sent', async () => {
    const lab = await startRelay({
      graceMs: 0,
      replies: [{ ok: true, rejected: [{ index: 0, message: 'status: invalid' }] }],
      leftOnEvents: [[update(1), new Date(Date.now() - 1000)]],
    });
    while ((await eventEntries(lab.db))[0]?.status !== 'refused')
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await eventEntries(lab.db)).toEqual([
      { key: 'evt_1', status: 'refused', sent: false, refusedReason: 'status: invalid' },
    ]);
    expect(lab.peer.batches).toEqual([[update(1)]]);
  });
});

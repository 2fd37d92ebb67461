import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  internalPeerToken as token,
  recordingLogger,
  startInternalPeer as startPeer,
  until,
} from '../../../test/helpers/internal-peer.js';
import type { OrderUpdate } from '../../lab-events.js';
import type { Logger } from '../../log/log-entry.js';
import {
  startOrderUpdatePublisher,
  type OrderUpdatePublisherOptions,
  type StartedOrderUpdatePublisher,
} from './start-order-update-publisher.js';

function update(n: number, extra = ''): OrderUpdate {
  return {
    orderId: `ord_${n}${extra}`,
    status: 'created',
    source: 'webhook',
    eventId: `evt_${n}`,
    at: '2026-11-29T10:00:00.000Z',
  };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts a publisher that reports each acknowledgement; `acknowledged(n)` resolves once n updates were. */
function startPublisher(
  options: Omit<OrderUpdatePublisherOptions, 'internalToken' | 'logger' | 'onAcknowledged'> & { logger?: Logger },
) {
  const acked: OrderUpdate[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const publisher: StartedOrderUpdatePublisher = startOrderUpdatePublisher({
    internalToken: token,
    logger: recordingLogger().logger,
    ...options,
    onAcknowledged: (updates) => {
      acked.push(...updates);
      for (const waiter of waiters.filter((w) => acked.length >= w.count)) waiter.resolve();
    },
  });
  cleanups.push(() => publisher.stop());
  const acknowledged = (count: number) =>
    new Promise<void>((resolve) => (acked.length >= count ? resolve() : waiters.push({ count, resolve })));
  return { publisher, acked, acknowledged };
}

describe('the order-update publisher', () => {
  it('sends what was queued before the connection as one batch, in order, and forgets it once acknowledged', async () => {
    const peer = await startPeer();
    cleanups.push(peer.stop);
    const { publisher, acked, acknowledged } = startPublisher({ wsServerUrl: peer.url });
    [1, 2, 3].forEach((n) => publisher.publish(update(n)));
    expect(publisher.pending).toBe(3);
    await acknowledged(3);
    expect(peer.batches).toEqual([[update(1), update(2), update(3)]]);
    expect(acked).toEqual([update(1), update(2), update(3)]);
    expect(publisher.pending).toBe(0);
  });

  it('gathers what is published while a batch awaits its acknowledgement into the next batch', async () => {
    const peer = await startPeer();
    cleanups.push(peer.stop);
    const { publisher, acknowledged } = startPublisher({ wsServerUrl: peer.url });
    publisher.publish(update(1));
    await acknowledged(1);
    // Connected and idle: update 2 goes at once, alone; 3 and 4 wait for its acknowledgement.
    [2, 3, 4].forEach((n) => publisher.publish(update(n)));
    await acknowledged(4);
    expect(peer.batches).toEqual([[update(1)], [update(2)], [update(3), update(4)]]);
  });

  it('splits a backlog into full batches under 32 kB and 500 updates, keeping the order', async () => {
    const peer = await startPeer();
    cleanups.push(peer.stop);
    const { publisher, acknowledged } = startPublisher({ wsServerUrl: peer.url, maxQueued: 2000 });
    for (let n = 0; n < 600; n++) publisher.publish(update(n));
    for (let n = 600; n < 700; n++) publisher.publish(update(n, 'x'.repeat(900)));
    await acknowledged(700);
    const sizes = peer.batches.map((batch) => Buffer.byteLength(JSON.stringify(batch)));
    expect(sizes.every((bytes) => bytes <= 32 * 1024)).toBe(true);
    expect(peer.batches.every((batch) => batch.length <= 500)).toBe(true);
    // Full, not one message per update: every batch but the last carries over 30 kB.
    expect(sizes.slice(0, -1).every((bytes) => bytes > 30 * 1024)).toBe(true);
    expect(peer.batches.flat().map((sent) => sent.eventId)).toEqual(Array.from({ length: 700 }, (_, n) => `evt_${n}`));
  });

  it('drops an update the ws-server refused for good, and says which, without sending it again', async () => {
    const peer = await startPeer({ replies: [{ ok: true, rejected: [{ index: 1, message: 'orderId: too long' }] }] });
    cleanups.push(peer.stop);
    const { logger, lines } = recordingLogger();
    const { publisher, acknowledged } = startPublisher({ wsServerUrl: peer.url, logger });
    [1, 2, 3].forEach((n) => publisher.publish(update(n)));
    await acknowledged(3);
    publisher.publish(update(4));
    await acknowledged(4);
    expect(peer.batches).toEqual([[update(1), update(2), update(3)], [update(4)]]);
    expect(lines).toContainEqual({
      level: 'warn',
      message: 'ws-server refused a notification; dropped it',
      meta: { message: 'orderId: too long', update: update(2) },
    });
    expect(publisher.pending).toBe(0);
  });

  it('sends the same batch again after a passing failure (storage down, rate limited)', async () => {
    const peer = await startPeer({ replies: [{ ok: false, error: 'storage_unavailable' }] });
    cleanups.push(peer.stop);
    const { publisher, acked, acknowledged } = startPublisher({ wsServerUrl: peer.url });
    [1, 2].forEach((n) => publisher.publish(update(n)));
    await acknowledged(2);
    expect(peer.batches).toEqual([
      [update(1), update(2)],
      [update(1), update(2)],
    ]);
    expect(acked).toEqual([update(1), update(2)]);
  });

  it('sends an unacknowledged batch again, in order, after the connection drops', async () => {
    const peer = await startPeer({ replies: ['drop-connection'] });
    cleanups.push(peer.stop);
    const { publisher, acknowledged } = startPublisher({ wsServerUrl: peer.url });
    [1, 2].forEach((n) => publisher.publish(update(n)));
    await acknowledged(2);
    expect(peer.batches).toEqual([
      [update(1), update(2)],
      [update(1), update(2)],
    ]);
    expect(publisher.pending).toBe(0);
  });

  it('keeps at most maxQueued updates while the ws-server is away, dropping the oldest and saying so', async () => {
    const peer = await startPeer();
    cleanups.push(peer.stop);
    const { logger, lines } = recordingLogger();
    const { publisher, acknowledged } = startPublisher({ wsServerUrl: peer.url, maxQueued: 2, logger });
    [1, 2, 3].forEach((n) => publisher.publish(update(n)));
    expect(publisher.pending).toBe(2);
    await acknowledged(2);
    expect(peer.batches).toEqual([[update(2), update(3)]]);
    expect(lines).toContainEqual({
      level: 'warn',
      message: 'Notification queue full; dropped the oldest unsent',
      meta: { maxQueued: 2, dropped: update(1) },
    });
  });

  it('after losing the ws-server mid-batch, counts that batch as unsent: a full queue drops its oldest update', async () => {
    const peer = await startPeer({ replies: ['drop-connection'] });
    const { logger, lines } = recordingLogger();
    const { publisher, acknowledged } = startPublisher({ wsServerUrl: peer.url, maxQueued: 2, logger });
    [1, 2].forEach((n) => publisher.publish(update(n)));
    await until(() => peer.batches.length === 1);
    await peer.stop();
    await until(() => lines.some((line) => line.message.startsWith('ws-server unreachable')));
    publisher.publish(update(3));
    const back = await startPeer({ port: peer.port });
    cleanups.push(back.stop);
    await acknowledged(2);
    expect(back.batches).toEqual([[update(2), update(3)]]);
    expect(lines).toContainEqual({
      level: 'warn',
      message: 'Notification queue full; dropped the oldest unsent',
      meta: { maxQueued: 2, dropped: update(1) },
    });
  });

  it('queues through a ws-server outage, says so once, and delivers when the server is back', async () => {
    // The ws-server's port, taken by something that hangs up on every connection attempt.
    let attempts = 0;
    const refuser = net.createServer((connection) => {
      attempts++;
      connection.destroy();
    });
    await new Promise<void>((resolve) => refuser.listen(0, '127.0.0.1', resolve));
    const port = (refuser.address() as AddressInfo).port;
    const { logger, lines } = recordingLogger();
    const { publisher, acknowledged } = startPublisher({ wsServerUrl: `http://127.0.0.1:${port}`, logger });
    publisher.publish(update(1));
    // Two failed attempts: the warning must not repeat for the second.
    await until(() => attempts >= 2);
    await new Promise((resolve) => refuser.close(resolve));
    const back = await startPeer({ port });
    cleanups.push(back.stop);
    await acknowledged(1);
    expect(back.batches).toEqual([[update(1)]]);
    expect(lines.filter((line) => line.message.startsWith('ws-server unreachable'))).toEqual([
      {
        level: 'warn',
        message: 'ws-server unreachable; notifications are queued until it is back',
        meta: { url: `http://127.0.0.1:${port}`, error: expect.any(String) },
      },
    ]);
    expect(lines).toContainEqual({
      level: 'info',
      message: 'Connected to the ws-server again; sending queued notifications',
      meta: { queued: 1 },
    });
  });
});

import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { NotificationUpdate } from '../../src/lab-events.js';
import { NotificationCursor } from '../../src/notification-cursor.js';
import { eventually } from '../helpers/webhook-lab.js';
import { clientToken, collectEvents, internalToken, nextEvent, useWsLab } from '../helpers/ws-lab.js';

const update = (n: number) => ({
  orderId: `ord_${n}`,
  status: 'paid' as const,
  source: 'grpc' as const,
  eventId: `evt_${n}`,
  at: new Date(Date.UTC(2026, 10, 28, 10, 0, 0, n)).toISOString(),
});
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('/notifications replay', () => {
  const start = useWsLab();

  it('replays exactly what a client missed, up to the bound; past it, or from an unknown position, it says reset and sends the latest', async () => {
    const lab = await start();
    const publisher = await lab.connect('/internal', internalToken);
    // In batches that fit the server's 64 KB message limit.
    for (let first = 1; first <= 1000; first += 250)
      expect(await publisher.emitWithAck('order:updates', range(first, first + 249).map(update))).toEqual({ ok: true });
    expect(await publisher.emitWithAck('order:update', update(1001))).toEqual({ ok: true });

    // Missed exactly 1,000 (seq 2…1001): all replayed, oldest first, and nothing else.
    let replayed: NotificationUpdate[] = [];
    let resetsAtBound: unknown[] = [];
    const atBound = await lab.connect('/notifications', undefined, { lastSeq: 1 }, (socket) => {
      replayed = collectEvents(socket, 'order:update');
      resetsAtBound = collectEvents(socket, 'notifications:reset');
    });
    await eventually(
      () => replayed.length,
      (count) => count >= 1000,
    );
    expect(replayed.map((item) => item.seq)).toEqual(range(2, 1001));
    expect(replayed.map((item) => item.orderId)).toEqual(range(2, 1001).map((n) => `ord_${n}`));

    /** The reset and the latest a client gets when it reconnects from `lastSeq`. */
    const reconnectFrom = async (lastSeq: unknown) => {
      let reset: Promise<unknown> = Promise.resolve();
      let recent: Promise<NotificationUpdate[]> = Promise.resolve([]);
      await lab.connect('/notifications', undefined, { lastSeq }, (socket) => {
        reset = nextEvent(socket, 'notifications:reset');
        recent = nextEvent(socket, 'notifications:recent');
      });
      return { reset: await reset, recent: (await recent).map((item) => item.seq) };
    };
    // Missed 1,001: told to reload, then the latest 20.
    expect(await reconnectFrom(0)).toEqual({
      reset: { reason: 'too_many_missed', maxReplay: 1000 },
      recent: range(982, 1001).reverse(),
    });
    // A position this database never handed out (say, after `--fresh`).
    expect(await reconnectFrom(5000)).toEqual({
      reset: { reason: 'unknown_position', maxReplay: 1000 },
      recent: range(982, 1001).reverse(),
    });
    // Positions no server gives out at all are unknown too, never a silent first connection.
    for (const impossible of [-1, 1e308, 2 ** 53 + 10, '5', {}])
      expect(await reconnectFrom(impossible)).toEqual({
        reset: { reason: 'unknown_position', maxReplay: 1000 },
        recent: range(982, 1001).reverse(),
      });

    // The live update after the replay comes once, after it; and the client at the bound was never reset.
    const live = nextEvent<NotificationUpdate>(atBound, 'order:update');
    expect(await publisher.emitWithAck('order:update', update(1002))).toEqual({ ok: true });
    expect(await live).toEqual({ ...update(1002), seq: 1002 });
    expect(replayed.map((item) => item.seq).slice(-2)).toEqual([1001, 1002]);
    expect(resetsAtBound).toEqual([]);
  });

  it('hands a client that reconnects while updates keep coming every update after its position once, in order', async () => {
    const lab = await start();
    const publisher = await lab.connect('/internal', internalToken);
    for (let first = 1; first <= 1000; first += 250)
      expect(await publisher.emitWithAck('order:updates', range(first, first + 249).map(update))).toEqual({ ok: true });
    // Publishing goes on, one update at a time, while the client is replayed 900 from position 100.
    let underway: () => void = () => undefined;
    const halfway = new Promise<void>((resolve) => (underway = resolve));
    // Without waiting for each acknowledgement, so that broadcasts keep coming during the replay.
    const publishing = (async () => {
      const acks: Array<Promise<unknown>> = [];
      for (const n of range(1001, 1300)) {
        acks.push(publisher.emitWithAck('order:update', update(n)));
        if (n === 1050) underway();
        if (n % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      expect(new Set(await Promise.all(acks.map((ack) => ack.then((reply) => JSON.stringify(reply)))))).toEqual(
        new Set(['{"ok":true}']),
      );
    })();
    await halfway;
    let received: NotificationUpdate[] = [];
    await lab.connect(
      '/notifications',
      undefined,
      { lastSeq: 100 },
      (socket) => (received = collectEvents(socket, 'order:update')),
    );
    await publishing;
    await eventually(
      () => received.length,
      (count) => count >= 1200,
    );
    expect(received.map((item) => item.seq)).toEqual(range(101, 1300));
    expect(received.map((item) => item.eventId)).toEqual(range(101, 1300).map((n) => `evt_${n}`));
  });

  it('stores and broadcasts a redelivered update once, and still acknowledges it', async () => {
    const lab = await start();
    const publisher = await lab.connect('/internal', internalToken);
    const listener = await lab.connect('/notifications');
    const heard = collectEvents<NotificationUpdate>(listener, 'order:update');
    expect(await publisher.emitWithAck('order:updates', [update(1), update(2)])).toEqual({ ok: true });
    // A publisher that crashed before it saw the acknowledgement sends the same updates again,
    // alone, in a batch, and twice within one batch.
    expect(await publisher.emitWithAck('order:update', update(1))).toEqual({ ok: true });
    expect(await publisher.emitWithAck('order:updates', [update(2), update(1), update(3), update(3)])).toEqual({
      ok: true,
    });
    // Another status of the same event is another update.
    expect(await publisher.emitWithAck('order:update', { ...update(3), status: 'shipped' })).toEqual({ ok: true });
    await eventually(
      () => heard.length,
      (count) => count >= 4,
    );
    expect(heard.map((item) => `${item.eventId}:${item.status}`)).toEqual([
      'evt_1:paid',
      'evt_2:paid',
      'evt_3:paid',
      'evt_3:shipped',
    ]);
    expect(await lab.connection.db.collection('notifications').countDocuments()).toBe(4);
    // Positions only increase, so a replay after the first one skips nothing.
    const seqs = heard.map((item) => item.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('keeps positions increasing across a restart of the ws-server', async () => {
    const lab = await start();
    const before = await lab.connect('/internal', internalToken);
    expect(await before.emitWithAck('order:updates', range(1, 5).map(update))).toEqual({ ok: true });
    before.close();
    await lab.server.stop();
    await lab.restart();
    let received: NotificationUpdate[] = [];
    await lab.connect(
      '/notifications',
      undefined,
      { lastSeq: 3 },
      (socket) => (received = collectEvents(socket, 'order:update')),
    );
    const after = await lab.connect('/internal', internalToken);
    expect(await after.emitWithAck('order:update', update(6))).toEqual({ ok: true });
    await eventually(
      () => received.length,
      (count) => count >= 3,
    );
    expect(received.map((item) => item.orderId)).toEqual(['ord_4', 'ord_5', 'ord_6']);
    // The restarted server draws its positions from a new block of the counter: after the old ones.
    expect(received.map((item) => item.seq).slice(0, 2)).toEqual([4, 5]);
    expect(received[2]!.seq).toBeGreaterThan(5);
  });

  it("leaves a client that Socket.IO recovered to Socket.IO's own replay: what it missed arrives once", async () => {
    const lab = await start();
    const publisher = await lab.connect('/internal', internalToken);
    const cursor = new NotificationCursor();
    const received: NotificationUpdate[] = [];
    const client = io(`${lab.server.url}/notifications`, {
      auth: (send) => send({ token: clientToken, ...cursor.toAuth() }),
      transports: ['websocket'],
      reconnectionDelay: 50,
      forceNew: true,
    });
    client.on('notifications:recent', (recent: NotificationUpdate[]) => cursor.startFrom(recent));
    client.on('order:update', (item: NotificationUpdate) => {
      received.push(item);
      cursor.accept(item);
    });
    try {
      await nextEvent(client, 'connect');
      expect(await publisher.emitWithAck('order:updates', range(1, 5).map(update))).toEqual({ ok: true });
      await eventually(
        () => received.length,
        (count) => count >= 5,
      );
      const back = nextEvent(client, 'connect');
      client.io.engine.close();
      expect(await publisher.emitWithAck('order:updates', range(6, 10).map(update))).toEqual({ ok: true });
      await back;
      expect(client.recovered).toBe(true);
      expect(await publisher.emitWithAck('order:update', update(11))).toEqual({ ok: true });
      await eventually(
        () => received.length,
        (count) => count >= 11,
      );
      expect(received.map((item) => item.seq)).toEqual(range(1, 11));
    } finally {
      client.close();
    }
  });
});

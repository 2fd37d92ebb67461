import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { startOrderUpdatePublisher } from '../../src/services/ws/start-order-update-publisher.js';
import { eventually } from '../helpers/webhook-lab.js';
import { internalToken, useWsLab } from '../helpers/ws-lab.js';

/** An update as large as the schema allows: a 255-character eventId and a 100-character orderId. */
function largeUpdate(n: number) {
  return {
    orderId: `ord_${String(n).padStart(96, '0')}`,
    status: 'created' as const,
    source: 'webhook' as const,
    eventId: `msg_${String(n).padStart(251, '0')}`,
    at: new Date().toISOString(),
  };
}

describe('the order-update publisher with a backlog', () => {
  const start = useWsLab();

  it('delivers a backlog far larger than one message may carry (batches stay under the ws-server limit)', async () => {
    const lab = await start();
    const logs = createLoggerFactory({ logDir: path.join(lab.logDir, 'publisher'), level: 'warn', console: false });
    const publisher = startOrderUpdatePublisher({
      wsServerUrl: lab.server.url,
      internalToken,
      logger: logs.forService('webhooks-receiver'),
      maxQueued: 5000,
    });
    try {
      // Queued before the connection is up, as after a ws-server outage: 1,200 updates of ~400 bytes
      // are ~480 kB, far past the 64 kB the ws-server accepts in one message.
      for (let n = 0; n < 1200; n++) publisher.publish(largeUpdate(n));
      const pending = await eventually(
        () => publisher.pending,
        (count) => count === 0,
        20_000,
      );
      expect(pending).toBe(0);
      expect(
        await lab.connection.db.collection('notifications').countDocuments({ eventId: { $regex: '^msg_0' } }),
      ).toBe(1200);
    } finally {
      await publisher.stop();
      logs.close();
    }
  });
});

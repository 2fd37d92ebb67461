import type { Namespace } from 'socket.io';
import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { insertNotification } from '../../../mongo/notification-store.js';
import type { InternalClientToServer, NotificationsServerToClient, OrderUpdate } from '../ws-events.js';
import { guardSocket, toAck } from './guard-socket.js';
import { describeIssue, orderUpdateSchema } from './ws-payloads.js';

/** Publishers (the webhooks receiver, the gRPC server) may send much faster than browsers. */
const publisherGuard = { burst: 2000, perSecond: 20_000, disconnectAfter: 10_000 };
const maxBatch = 1000;

/**
 * `/internal`: services publish `order:update`; each is stored in `notifications`, then
 * broadcast to `/notifications`, then acknowledged, so a publisher retries what was not stored.
 */
export function setUpInternalNamespace(internal: Namespace<InternalClientToServer>, notifications: Namespace<Record<string, never>, NotificationsServerToClient>, deps: { db: LabDb; logger: Logger }): void {
  internal.on('connection', (socket) => {
    deps.logger.info('Publisher connected to internal namespace', { socketId: socket.id });
    const guarded = guardSocket(socket, deps.logger, publisherGuard);
    // Updates are stored concurrently (so their inserts batch) but broadcast and acknowledged in
    // the order they arrived, so that clients see an order's changes in sequence.
    let inOrder: Promise<void> = Promise.resolve();

    /** Stores updates now (their inserts batch), then broadcasts and acknowledges in arrival order. */
    const accept = (updates: OrderUpdate[], ack: (reply: unknown) => void, rejected: Array<{ index: number; message: string }> = []) => {
      const stored = Promise.all(updates.map((update) => insertNotification(deps.db, update))).then(() => true, (error: unknown) => {
        deps.logger.warn('Could not store notifications; the publisher will retry', { count: updates.length, error: (error as Error).message });
        return false;
      });
      inOrder = inOrder.then(async () => {
        if (!(await stored)) return ack({ error: 'storage_unavailable', message: 'MongoDB did not store them; retry' });
        for (const update of updates) {
          notifications.emit('order:update', update);
          deps.logger.info('order:update', { orderId: update.orderId, status: update.status, source: update.source, eventId: update.eventId, clients: notifications.sockets.size });
        }
        ack({ ok: true, ...(rejected.length > 0 ? { rejected } : {}) });
      });
    };

    socket.on('order:update', guarded((payload: unknown, ackCandidate: unknown) => {
      const ack = toAck(ackCandidate);
      const parsed = orderUpdateSchema.safeParse(payload);
      if (!parsed.success) return ack({ error: 'invalid_update', message: describeIssue(parsed.error) });
      accept([parsed.data], ack);
    }));

    // A batch from a busy publisher: one message and one acknowledgement for many updates.
    socket.on('order:updates', guarded((payload: unknown, ackCandidate: unknown) => {
      const ack = toAck(ackCandidate);
      if (!Array.isArray(payload) || payload.length > maxBatch) return ack({ error: 'invalid_batch', message: `send an array of at most ${maxBatch} updates` });
      const valid: OrderUpdate[] = [];
      const rejected: Array<{ index: number; message: string }> = [];
      payload.forEach((item: unknown, index) => {
        const parsed = orderUpdateSchema.safeParse(item);
        if (parsed.success) valid.push(parsed.data);
        else rejected.push({ index, message: describeIssue(parsed.error) });
      });
      accept(valid, ack, rejected);
    }));
  });
}

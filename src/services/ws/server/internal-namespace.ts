import type { Namespace } from 'socket.io';
import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { insertNotification } from '../../../mongo/notification-store.js';
import type { InternalClientToServer, NotificationsServerToClient } from '../ws-events.js';
import { guardSocket, toAck } from './guard-socket.js';
import { describeIssue, orderUpdateSchema } from './ws-payloads.js';

/** Publishers (the webhooks receiver, the gRPC server) may send much faster than browsers. */
const publisherGuard = { burst: 2000, perSecond: 20_000, disconnectAfter: 10_000 };

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
    socket.on('order:update', guarded((payload: unknown, ackCandidate: unknown) => {
      const ack = toAck(ackCandidate);
      const parsed = orderUpdateSchema.safeParse(payload);
      if (!parsed.success) return ack({ error: 'invalid_update', message: describeIssue(parsed.error) });
      const update = parsed.data;
      const stored = insertNotification(deps.db, update).then(() => true, (error: unknown) => {
        deps.logger.warn('Could not store a notification; the publisher will retry', { eventId: update.eventId, error: (error as Error).message });
        return false;
      });
      inOrder = inOrder.then(async () => {
        if (!(await stored)) return ack({ error: 'storage_unavailable', message: 'MongoDB did not store it; retry' });
        notifications.emit('order:update', update);
        deps.logger.info('order:update', { orderId: update.orderId, status: update.status, source: update.source, eventId: update.eventId, clients: notifications.sockets.size });
        ack({ ok: true });
      });
    }));
  });
}

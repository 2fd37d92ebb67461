import type { Namespace } from 'socket.io';
import type { Logger } from '../../../log/log-entry.js';
import type { OrderUpdate } from '../../../lab-events.js';
import type { InternalClientToServer } from '../ws-events.js';
import { guardSocket, toAck } from './guard-socket.js';
import type { AcceptResult, NotificationFeed } from './notification-feed.js';
import { describeIssue, orderUpdateSchema } from './ws-payloads.js';

/** Publishers (the webhooks receiver, the gRPC server) may send much faster than browsers. */
const publisherGuard = { burst: 2000, perSecond: 20_000, disconnectAfter: 10_000 };
const maxBatch = 1000;

/**
 * `/internal`: services publish `order:update`; each is stored in `notifications`, then
 * broadcast to `/notifications`, then acknowledged, so a publisher retries what was not stored.
 */
export function setUpInternalNamespace(
  internal: Namespace<InternalClientToServer>,
  deps: { feed: NotificationFeed; logger: Logger },
): void {
  internal.on('connection', (socket) => {
    deps.logger.info('Publisher connected to internal namespace', { socketId: socket.id });
    const guarded = guardSocket(socket, deps.logger, publisherGuard);

    const accept = async (
      updates: OrderUpdate[],
      ack: (reply: unknown) => void,
      rejected: Array<{ index: number; message: string }> = [],
    ) => {
      const result: AcceptResult = await deps.feed.accept(updates);
      ack(
        result.ok
          ? { ok: true, ...(rejected.length > 0 ? { rejected } : {}) }
          : { error: result.error, message: result.message },
      );
    };

    socket.on(
      'order:update',
      guarded(async (payload: unknown, ackCandidate: unknown) => {
        const ack = toAck(ackCandidate);
        const parsed = orderUpdateSchema.safeParse(payload);
        if (!parsed.success) return ack({ error: 'invalid_update', message: describeIssue(parsed.error) });
        await accept([parsed.data], ack);
      }),
    );

    // A batch from a busy publisher: one message and one acknowledgement for many updates.
    socket.on(
      'order:updates',
      guarded(async (payload: unknown, ackCandidate: unknown) => {
        const ack = toAck(ackCandidate);
        if (!Array.isArray(payload) || payload.length > maxBatch)
          return ack({ error: 'invalid_batch', message: `send an array of at most ${maxBatch} updates` });
        const valid: OrderUpdate[] = [];
        const rejected: Array<{ index: number; message: string }> = [];
        payload.forEach((item: unknown, index) => {
          const parsed = orderUpdateSchema.safeParse(item);
          if (parsed.success) valid.push(parsed.data);
          else rejected.push({ index, message: describeIssue(parsed.error) });
        });
        await accept(valid, ack, rejected);
      }),
    );
  });
}

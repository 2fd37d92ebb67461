import { useEffect, useRef, useState } from 'react';
import { ConnectionBadge } from './ConnectionBadge.js';
import type { DashboardConfig } from './fetch-dashboard-config.js';
import { NotificationCursor } from '../notification-cursor.js';
import type { NotificationUpdate } from '../lab-events.js';
import { formatTime } from './format-time.js';
import { toStatusLabel } from './order-status-labels.js';
import { useNamespace } from './use-namespace.js';

const keep = 100;

export function NotificationsPanel({ config }: { config: DashboardConfig }) {
  // The last update seen goes in every reconnection's handshake: the server replays what was missed.
  const cursor = useRef(new NotificationCursor());
  const { socket, state } = useNamespace(config, '/notifications', () => cursor.current.toAuth());
  // Newest first: a live or replayed update goes on top.
  const [updates, setUpdates] = useState<NotificationUpdate[]>([]);

  useEffect(() => {
    if (socket === undefined) return;
    const onRecent = (recent: NotificationUpdate[]) => {
      cursor.current.startFrom(recent);
      setUpdates(recent);
    };
    // Missed more than the server replays: what is shown has gaps, `notifications:recent` replaces it.
    const onReset = () => setUpdates([]);
    const onUpdate = (update: NotificationUpdate) => {
      if (cursor.current.accept(update)) setUpdates((current) => [update, ...current].slice(0, keep));
    };
    socket.on('notifications:recent', onRecent);
    socket.on('notifications:reset', onReset);
    socket.on('order:update', onUpdate);
    return () => {
      socket.off('notifications:recent', onRecent);
      socket.off('notifications:reset', onReset);
      socket.off('order:update', onUpdate);
    };
  }, [socket]);

  return (
    <section className="panel" aria-labelledby="notifications-title">
      <div className="panel-head">
        <h2 id="notifications-title">
          Notificaciones{' '}
          <span className="count" data-testid="notification-count">
            {updates.length}
          </span>
        </h2>
        <ConnectionBadge state={state} />
      </div>
      {updates.length === 0 && (
        <p className="empty">
          Todavía no hay notificaciones.{config.senderUrl === undefined ? '' : ` Probá: curl ${config.senderUrl}/send`}
        </p>
      )}
      <ol className="notifications" data-testid="notifications">
        {updates.map((update) => (
          <li key={update.seq}>
            <span className="order">{update.orderId}</span>
            <span className={`status status-${update.status}`} data-status={update.status}>
              {toStatusLabel(update.status)}
            </span>
            <span className="source">{update.source}</span>
            <time dateTime={update.at}>{formatTime(update.at)}</time>
          </li>
        ))}
      </ol>
    </section>
  );
}

import { useEffect, useState } from 'react';
import { ConnectionBadge } from './ConnectionBadge.js';
import type { DashboardConfig } from './lab-config.js';
import type { OrderUpdate } from '../services/ws/ws-events.js';
import { useNamespace } from './use-namespace.js';

const keep = 100;

export function NotificationsPanel({ config }: { config: DashboardConfig }) {
  const { socket, state } = useNamespace(config, '/notifications');
  // Newest first: a live update goes on top.
  const [updates, setUpdates] = useState<OrderUpdate[]>([]);

  useEffect(() => {
    if (socket === undefined) return;
    const onRecent = (recent: OrderUpdate[]) => setUpdates(recent);
    const onUpdate = (update: OrderUpdate) => setUpdates((current) => [update, ...current.filter((item) => item.eventId !== update.eventId || item.status !== update.status)].slice(0, keep));
    socket.on('notifications:recent', onRecent);
    socket.on('order:update', onUpdate);
    return () => {
      socket.off('notifications:recent', onRecent);
      socket.off('order:update', onUpdate);
    };
  }, [socket]);

  return (
    <section className="panel" aria-labelledby="notifications-title">
      <div className="panel-head">
        <h2 id="notifications-title">
          Notificaciones <span className="count" data-testid="notification-count">{updates.length}</span>
        </h2>
        <ConnectionBadge state={state} />
      </div>
      {updates.length === 0 && <p className="empty">Todavía no hay notificaciones. Probá: curl http://localhost:3002/send</p>}
      <ol className="notifications" data-testid="notifications">
        {updates.map((update) => (
          <li key={`${update.eventId}:${update.status}`}>
            <span className="order">{update.orderId}</span>
            <span className={`status status-${update.status}`}>{update.status}</span>
            <span className="source">{update.source}</span>
            <time dateTime={update.at}>{new Date(update.at).toLocaleTimeString()}</time>
          </li>
        ))}
      </ol>
    </section>
  );
}

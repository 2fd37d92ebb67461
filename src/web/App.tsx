import { useEffect, useState } from 'react';
import { ChatPanel } from './ChatPanel.js';
import { fetchDashboardConfig, type DashboardConfig } from './fetch-dashboard-config.js';
import { NotificationsPanel } from './NotificationsPanel.js';
import { OrdersPanel } from './OrdersPanel.js';

export function App() {
  const [config, setConfig] = useState<DashboardConfig>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    fetchDashboardConfig().then(setConfig, (failure: Error) => setError(failure.message));
  }, []);
  return (
    <main>
      <header>
        <h1>Realtime Labs Websocket Client</h1>
        <p className="subtitle">Chat y notificaciones en vivo del laboratorio (Socket.IO), y sus pedidos (gRPC)</p>
      </header>
      {error !== undefined && <p className="error">No se pudo leer la configuración: {error}</p>}
      {config !== undefined && (
        <div className="panels">
          <ChatPanel config={config} />
          <NotificationsPanel config={config} />
          {config.ordersUrl !== undefined && <OrdersPanel ordersUrl={config.ordersUrl} />}
        </div>
      )}
    </main>
  );
}

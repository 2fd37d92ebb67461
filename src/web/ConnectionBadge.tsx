import type { ConnectionState } from './use-namespace.js';

const labels: Record<ConnectionState, string> = {
  connecting: 'Conectando…',
  connected: 'Conectado',
  reconnecting: 'Reconectando…',
  refused: 'Token rechazado',
};

export function ConnectionBadge({ state }: { state: ConnectionState }) {
  return (
    <span className={`badge badge-${state}`} data-testid="connection-state" data-state={state}>
      {labels[state]}
    </span>
  );
}

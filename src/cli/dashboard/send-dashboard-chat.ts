import type { LabConfig } from '../../config/lab-config.js';
import { ChatSender } from '../../services/ws/client/chat-sender.js';
import { connectWsNamespace } from '../../services/ws/client/connect-ws-namespace.js';
import type { ActionOutcome } from '../../ui/dashboard/dashboard-actions.js';

type Socket = Awaited<ReturnType<typeof connectWsNamespace>>;

export interface DashboardChat {
  /** A message to the `general` room, as `rtlab ws chat "…"` sends it. */
  send(): Promise<ActionOutcome>;
  close(): Promise<void>;
}

/** The `c` key: the ws CLI's client (WS_SERVER_URL, WS_TOKEN), one socket kept for the dashboard's life. */
export function createDashboardChat(config: LabConfig, user: string): DashboardChat {
  let socket: Promise<Socket> | undefined;
  let sender: ChatSender | undefined;
  let sent = 0;
  return {
    async send() {
      const connecting = (socket ??= connectWsNamespace({
        url: config.wsServerUrl,
        namespace: '/chat',
        token: config.wsToken,
        reconnect: true,
      }));
      // A failed connection is forgotten, so that the next press tries again.
      const connected = await connecting.catch((error: unknown) => {
        socket = undefined;
        throw error;
      });
      sender ??= new ChatSender(connected, { user, room: 'general' });
      const text = `hola desde el dashboard (${++sent})`;
      const outcome = await sender.send(text);
      return outcome.stored
        ? { ok: true, text: `✓ chat message ${outcome.messageId} sent to general: "${text}"` }
        : { ok: false, text: `✗ chat message not stored: ${outcome.message} (${outcome.error})` };
    },
    async close() {
      const connected = await socket?.catch(() => undefined);
      connected?.close();
    },
  };
}

import { connectWsNamespace } from '../../services/ws/client/connect-ws-namespace.js';
import type { ScenarioLab } from '../lab/scenario-lab.js';
import type { WsAction } from '../schema/action-schema.js';
import type { ActionResult } from './action-result.js';

/** The ws-server's base URL, or a clear error when the websockets profile does not run. */
export function wsServerUrl(lab: ScenarioLab): string {
  const url = lab.services['ws-server']?.url;
  if (url === undefined) throw new Error('no ws-server runs in this lab (add the websockets profile)');
  return url;
}

/**
 * Connects to a namespace (refusals are a result: `{ connected: false, error }`), emits one event
 * with an ack when asked, and disconnects.
 */
export async function runWs(action: WsAction, lab: ScenarioLab, timeoutMs: number): Promise<ActionResult> {
  let socket;
  try {
    socket = await connectWsNamespace({
      url: wsServerUrl(lab),
      namespace: action.namespace,
      token: action.token ?? lab.wsToken,
      timeoutMs,
      ownConnection: true,
    });
  } catch (error) {
    return { connected: false, error: (error as Error).message };
  }
  try {
    if (action.emit === undefined) return { connected: true, socketId: socket.id };
    const ack: unknown = await socket.timeout(timeoutMs).emitWithAck(action.emit.event, action.emit.data);
    return { connected: true, socketId: socket.id, ack };
  } finally {
    socket.close();
  }
}

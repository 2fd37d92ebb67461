import { notReady, type ReadinessCheck } from './readiness-check.js';
import { requestHttp } from './request-http.js';

/**
 * Ready when Socket.IO's transport opens a session: `GET /socket.io/?EIO=4&transport=polling`
 * answers an Engine.IO open packet (`0{"sid":…}`). It needs no client library and no token (the
 * namespaces check tokens after the handshake), so any runtime can ask it.
 */
export function socketIoHandshake(): ReadinessCheck {
  const check: ReadinessCheck = {
    name: 'Socket.IO handshake',
    async probe(target, timeoutMs) {
      if (target.url === undefined) return notReady(check, 'no URL to ask');
      const answer = await requestHttp(
        `${target.url.replace(/\/$/, '')}/socket.io/?EIO=4&transport=polling`,
        timeoutMs,
      );
      if ('error' in answer) return notReady(check, `no answer (${answer.error})`);
      if (answer.status === 200 && /^0\{.*"sid"/.test(answer.body)) return { ready: true };
      return notReady(check, `answered ${answer.status} ${answer.body.slice(0, 200)}`.trim());
    },
  };
  return check;
}

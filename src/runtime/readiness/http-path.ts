import { notReady, type ReadinessCheck } from './readiness-check.js';
import { requestHttp } from './request-http.js';

/** Ready when `GET <url><path>` answers 2xx. */
export function httpPath(path: string): ReadinessCheck {
  const check: ReadinessCheck = {
    name: `GET ${path}`,
    async probe(target, timeoutMs) {
      if (target.url === undefined) return notReady(check, 'no URL to ask');
      const answer = await requestHttp(`${target.url.replace(/\/$/, '')}${path}`, timeoutMs);
      if ('error' in answer) return notReady(check, `no answer (${answer.error})`);
      return answer.status >= 200 && answer.status < 300
        ? { ready: true }
        : notReady(check, `answered ${answer.status} ${answer.body.slice(0, 200)}`.trim());
    },
  };
  return check;
}

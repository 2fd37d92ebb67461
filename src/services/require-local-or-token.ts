import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHost } from '../config/is-loopback-host.js';
import { answerJson } from './answer-json.js';

/** Connect-style middleware, as Express mounts it; written on node:http so that any HTTP service can use it. */
type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Who may call a route that acts or hands out a secret (the sender's `/send`, the dashboard's
 * `/config.json`):
 * - on loopback (`HOST` 127.0.0.1, the default), requests addressed to this machine by a loopback
 *   name. A page whose domain was re-pointed at 127.0.0.1 (DNS rebinding) names its own domain in
 *   `Host` and is refused; `curl http://localhost:3002/send` keeps working as the lab's first step shows.
 * - open to the network, holders of `RTLAB_API_TOKEN`: `Authorization: Bearer <token>` (scripts,
 *   the dashboard's own fetch) or `?token=<token>` (a URL a person opens or pastes into curl).
 */
export function requireLocalOrToken(host: string, token: string | undefined): Middleware {
  if (isLoopbackHost(host)) {
    return (req, res, next) => {
      if (isLoopbackName(req.headers.host)) return void next();
      answerJson(res, 403, {
        error: 'foreign_host',
        message: `this lab listens on ${host} only; address it as localhost or 127.0.0.1`,
      });
    };
  }
  const expected = Buffer.from(token ?? '');
  return (req, res, next) => {
    const given = Buffer.from(readToken(req) ?? '');
    // An open service without a configured token refuses everyone rather than no one.
    if (expected.length > 0 && given.length === expected.length && timingSafeEqual(given, expected)) return void next();
    res.setHeader('www-authenticate', 'Bearer realm="rtlab"');
    answerJson(res, 401, {
      error: 'unauthorized',
      message: `this lab listens on ${host}, open to the network: send RTLAB_API_TOKEN as "Authorization: Bearer <token>" or ?token=<token>`,
    });
  };
}

/** `Host` without its port is localhost, a 127.x address or [::1]; absent (HTTP/1.0) counts as local. */
function isLoopbackName(hostHeader: string | undefined): boolean {
  if (hostHeader === undefined) return true;
  const name = hostHeader.startsWith('[')
    ? hostHeader.slice(1, hostHeader.indexOf(']'))
    : hostHeader.replace(/:\d*$/, '');
  return isLoopbackHost(name.toLowerCase());
}

function readToken(req: IncomingMessage): string | undefined {
  const header = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (header !== null) return header[1];
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? undefined;
}

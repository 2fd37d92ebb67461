import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerJson } from './answer-json.js';

/**
 * Refuses what a web page of another site makes a browser send (CSRF): a request whose `Origin`
 * is not this server's own, that the browser marks `Sec-Fetch-Site: cross-site`/`same-site`
 * (another port of localhost is another application), or — for browsers that send neither on a
 * plain GET such as `<img src>` — whose `Referer` is a page of another origin. curl, scripts and
 * the lab's own services send none of these headers, so they are not affected.
 */
export function refuseCrossSiteRequests(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const { origin, host } = req.headers;
  const fetchSite = req.headers['sec-fetch-site'];
  // The lab's services speak plain HTTP, so their own origin is http://<Host>.
  if (origin !== undefined && origin !== `http://${host ?? ''}`) {
    return void refuse(res, `requests from web pages of another origin (${origin}) are refused`);
  }
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') {
    return void refuse(res, `requests a browser marks ${fetchSite} are refused`);
  }
  const refererOrigin = originOf(req.headers.referer);
  if (refererOrigin !== undefined && refererOrigin !== `http://${host ?? ''}`) {
    return void refuse(res, `requests from web pages of another origin (${refererOrigin}) are refused`);
  }
  next();
}

/** The origin of a Referer URL; `null` (an unparseable one, which no browser sends) counts as foreign. */
function originOf(referer: string | undefined): string | undefined {
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

function refuse(res: ServerResponse, reason: string): void {
  answerJson(res, 403, {
    error: 'cross_site_request',
    message: `${reason}: a web page must not trigger the lab (CSRF); use curl or the rtlab CLI`,
  });
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerJson } from './answer-json.js';

/**
 * Refuses what a web page of another site makes a browser send (CSRF): a request whose `Origin`
 * is not this server's own, or that the browser marks `Sec-Fetch-Site: cross-site`/`same-site`
 * (another port of localhost is another application). curl, scripts and the lab's own services
 * send neither header, so they are not affected.
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
  next();
}

function refuse(res: ServerResponse, reason: string): void {
  answerJson(res, 403, {
    error: 'cross_site_request',
    message: `${reason}: a web page must not trigger the lab (CSRF); use curl or the rtlab CLI`,
  });
}

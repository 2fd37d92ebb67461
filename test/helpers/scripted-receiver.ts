import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedReply {
  readonly status: number;
  readonly headers?: Record<string, string>;
}

/** An HTTP endpoint that answers with the scripted replies in turn (the last one repeats) and keeps what it got. */
export async function startScriptedReceiver(
  replies: readonly ScriptedReply[],
  port = 0,
): Promise<{
  url: string;
  port: number;
  requests: Array<{ headers: IncomingHttpHeaders; body: string }>;
  stop(): Promise<void>;
}> {
  const requests: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const reply = replies[Math.min(requests.length, replies.length - 1)]!;
      requests.push({ headers: req.headers, body });
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/webhooks`,
    port: actual,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

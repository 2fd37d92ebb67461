import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A receiver that holds every request until `release()`, then answers each with the next status of `statuses` (the last repeats). */
export async function startGatedReceiver(
  statuses: readonly number[],
): Promise<{ url: string; received(): number; release(): void; stop(): Promise<void> }> {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let received = 0;
  const server: Server = createServer((req, res) => {
    const status = statuses[Math.min(received++, statuses.length - 1)]!;
    req.resume();
    void gate.then(() => res.writeHead(status, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    received: () => received,
    release: open,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runRtlab } from '../helpers/run-rtlab.js';
import { useTempDir } from '../helpers/temp-dir.js';

/** A receiver that answers 202 and remembers the type of each event posted to it. */
async function startRecordingReceiver(): Promise<{ url: string; types: string[]; close(): Promise<void> }> {
  const types: string[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      types.push((JSON.parse(body) as { type: string }).type);
      response.writeHead(202, { 'content-type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    types,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('rtlab webhooks send --type', () => {
  const tempDir = useTempDir();
  const receivers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const receiver of receivers.splice(0)) await receiver.close();
  });

  it("refuses a type the lab's receiver has no handler for before sending anything (exit 2), naming the types and the likely one", async () => {
    const receiver = await startRecordingReceiver();
    receivers.push(receiver);
    const cwd = tempDir();
    const env = { RECEIVER_URL: receiver.url, WEBHOOK_SECRET: 'whsec_dGVzdC1zZWNyZXQtMTIzNDU2' };

    const typo = await runRtlab(['webhooks', 'send', '--type', 'order.payd'], { cwd, env, killAfterMs: 30_000 });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      '✗ Unknown event type "order.payd": the lab\'s receiver handles order.cancelled, order.created, order.paid, order.shipped. Nothing was sent.',
    );
    expect(typo.stderr).toContain('hint: Did you mean order.paid?');
    expect(typo.stdout).toBe('');

    // Another receiver (--to) decides its own types: the same type goes there, and is the first one it sees.
    const elsewhere = await runRtlab(['webhooks', 'send', '--type', 'order.payd', '--to', receiver.url], {
      cwd,
      env,
      killAfterMs: 30_000,
    });
    expect(elsewhere.stdout).toMatch(/^✓ msg_\S+ order\.payd delivered \(202, /m);
    expect(elsewhere.code).toBe(0);
    expect(receiver.types).toEqual(['order.payd']);
  });
});

import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { startRtlab } from '../helpers/run-rtlab.js';
import { useTempDir } from '../helpers/temp-dir.js';

describe('rtlab webhooks send interrupted', () => {
  const tempDir = useTempDir();

  it('exits 130 on Ctrl-C while retrying, as the documented exit codes say, not 1', async () => {
    const port = await freePort();
    const send = startRtlab(
      [
        'webhooks',
        'send',
        '--count',
        '3',
        '--secret',
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        '--to',
        `http://127.0.0.1:${port}/webhooks`,
      ],
      { cwd: tempDir() },
    );
    let stderr = '';
    const refused = new Promise<void>((resolve) =>
      send.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // Nothing listens there: it is retrying, which is when a user presses Ctrl-C.
        if (stderr.includes('connection refused')) resolve();
      }),
    );
    await refused;
    send.kill('SIGINT');
    const [code] = (await once(send, 'exit')) as [number | null];
    expect(code).toBe(130);
  });
});

import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLoggerFactory } from '../src/log/create-logger-factory.js';
import { runRtlab, startRtlab } from './helpers/run-rtlab.js';
import { useTempDir } from './helpers/temp-dir.js';

describe('rtlab tail logs', () => {
  const tempDir = useTempDir();

  it('finds a line written through a service logger with --grep, under that service', async () => {
    const cwd = tempDir();
    const logs = createLoggerFactory({ logDir: path.join(cwd, '.rtlab', 'logs'), level: 'info', console: false });
    logs
      .forService('webhooks-receiver')
      .info('Handling order.created event', { type: 'order.created', eventId: 'evt_1' });
    logs.forService('ws-server').info('Chat message broadcasted', { socketId: 's1', messageId: 'm1' });
    logs.forService('webhooks-receiver').debug('below the level: never written');
    logs.close();

    const json = await runRtlab(['tail', 'logs', '--grep', 'order\\.created', '--no-follow', '--json'], { cwd });
    expect(json.code).toBe(0);
    const lines = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      service: 'webhooks-receiver',
      level: 'info',
      message: 'Handling order.created event',
      eventId: 'evt_1',
    });

    const plain = await runRtlab(['tail', 'logs', 'ws-server', '--no-follow'], { cwd });
    expect(plain.stdout).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} ws-server info {2}Chat message broadcasted socketId=s1 messageId=m1$/m,
    );
    expect(plain.stdout).not.toContain('Handling order.created event');
  });

  it('filters by level and says so when nothing matches', async () => {
    const cwd = tempDir();
    const logs = createLoggerFactory({ logDir: path.join(cwd, '.rtlab', 'logs'), level: 'info', console: false });
    logs.forService('webhooks-receiver').warn('Rejected webhook', { reason: 'invalid_signature' });
    logs.forService('webhooks-receiver').info('Handling order.created event');
    logs.close();

    const warnings = await runRtlab(['tail', 'logs', '--level', 'warn', '--no-follow', '--json'], { cwd });
    expect(
      warnings.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { message: string }).message),
    ).toEqual(['Rejected webhook']);

    const none = await runRtlab(['tail', 'logs', '--grep', 'nothing-like-this', '--no-follow'], { cwd });
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/No matching log lines/);
    // Services did run: what excluded their lines is the filter, and the message says so.
    expect(none.stderr).toContain('none match --since/--grep/--level as given');
  });

  it('rejects an unknown service and a bad regex with exit 2', async () => {
    const cwd = tempDir();
    const unknown = await runRtlab(['tail', 'logs', 'webhook-reciever', '--no-follow'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown service "webhook-reciever"/);
    expect(unknown.stderr).toMatch(/webhooks-receiver/);
    const regex = await runRtlab(['tail', 'logs', '--grep', '(', '--no-follow'], { cwd });
    expect(regex.code).toBe(2);
    expect(regex.stderr).toMatch(/--grep "\(" is not a valid regular expression/);
  });

  it('keeps following across rotations, in order, and exits 130 on Ctrl-C', async () => {
    const cwd = tempDir();
    const logDir = path.join(cwd, '.rtlab', 'logs');
    const logs = createLoggerFactory({ logDir, level: 'info', console: false, maxBytes: 400, maxFiles: 5 });
    const receiver = logs.forService('webhooks-receiver');
    receiver.info('line 0');
    await sleep(20);

    const tail = startRtlab(['tail', 'logs', 'webhooks-receiver', '--follow', '--json'], { cwd });
    const received: string[] = [];
    let buffered = '';
    tail.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) received.push((JSON.parse(line) as { message: string }).message);
    });
    // Until the lines are there, however slow the machine: writing on before the tail has caught up
    // would rotate lines away before it reads them.
    const waitFor = async (count: number) => {
      while (received.length < count) await sleep(25);
    };
    await waitFor(1);
    // Each line is ~110 bytes: a 400-byte file rotates every few lines.
    for (let i = 1; i <= 15; i++) {
      receiver.info(`line ${i}`, { padding: 'x'.repeat(20) });
      await sleep(40);
    }
    await waitFor(16);
    logs.close();

    const exited = new Promise<number | null>((resolve) => tail.on('close', resolve));
    tail.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(received).toEqual(Array.from({ length: 16 }, (_, i) => `line ${i}`));
  });
});

import { spawn } from 'node:child_process';
import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useChildProcesses } from '../helpers/child-processes.js';
import { freePort } from '../helpers/free-port.js';
import { runRtlab, startRtlab } from '../helpers/run-rtlab.js';
import { useServedLab, useServedLabDatabase } from '../helpers/served-lab.js';
import { useTempDir } from '../helpers/temp-dir.js';

/** What `rtlab webhooks events|deliveries --json` lists of the lab's MongoDB, newest first. */
async function listRecorded(
  command: 'events' | 'deliveries',
  lab: { cwd: string; env: Record<string, string> },
): Promise<Array<{ eventId: string; status: string; type: string }>> {
  return JSON.parse((await runRtlab(['webhooks', command, '--json'], lab)).stdout) as Array<{
    eventId: string;
    status: string;
    type: string;
  }>;
}

/** The event ids the shared lab's MongoDB already holds (stored or delivered), before a test sends its own. */
async function recordedEventIds(db: Db): Promise<Set<string>> {
  const ids = await Promise.all(
    ['webhook_events', 'webhook_deliveries'].map((name) =>
      db
        .collection(name)
        .find({}, { projection: { _id: 0, eventId: 1 } })
        .toArray(),
    ),
  );
  return new Set(ids.flat().map((document) => String(document['eventId'])));
}

// The longer walkthroughs run a dozen CLI processes (a few seconds each on a busy machine): their
// timeouts are room for that, not a measure of anything.
describe('rtlab serve webhooks-* and rtlab webhooks', () => {
  const tempDir = useTempDir();
  const children = useChildProcesses();
  // Started together, as a learner with two terminals might: they agree on one embedded MongoDB. The two
  // walkthroughs share them, so each counts only what it sent itself.
  const lab = useServedLab(
    ['webhooks-receiver', 'webhooks-sender'],
    ['RECEIVER_PORT', 'SENDER_PORT', 'MONGO_PORT', 'WS_PORT'],
  );
  const database = useServedLabDatabase(lab);

  it('drives the webhooks domain from the terminal as the README shows', async () => {
    const { cwd, env } = lab();
    const earlier = await recordedEventIds(database());
    const isOwn = (recorded: { eventId: string }) => !earlier.has(recorded.eventId);

    const send = await runRtlab(['webhooks', 'send', '--count', '2'], { cwd, env });
    expect(send.code).toBe(0);
    expect(send.stdout).toMatch(/^✓ msg_\S+ order\.created delivered \(202, \d+ ms, attempt 1\) and processed$/m);

    const scenario = await fetch(`http://127.0.0.1:${env.SENDER_PORT}/send`);
    expect(await scenario.text()).toBe('{"status":"sent","count":2}');

    const stored = (await listRecorded('events', { cwd, env })).filter(isOwn);
    expect(stored).toHaveLength(4);
    expect(stored.every((event) => event.status === 'processed' && event.type === 'order.created')).toBe(true);

    const deliveries = (await listRecorded('deliveries', { cwd, env })).filter(isOwn);
    // Two from `webhooks send` (the CLI records what it delivers), two from the sender's /send.
    expect(deliveries.map((delivery) => delivery.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    const replay = await runRtlab(['webhooks', 'replay', deliveries[0]!.eventId], { cwd, env });
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(
      new RegExp(
        `^✓ ${deliveries[0]!.eventId} replayed to \\S+ \\(200, attempt 1, a duplicate: not handled again\\) and processed$`,
        'm',
      ),
    );
    // The receiver saw that id before: acknowledged as a duplicate, not handled twice.
    expect((await listRecorded('events', { cwd, env })).filter(isOwn)).toHaveLength(4);

    const sign = await runRtlab(
      [
        'webhooks',
        'sign',
        '--data',
        '{"type":"order.paid","data":{"orderId":"ord_x"},"createdAt":"2026-11-28T10:00:00Z"}',
        '--id',
        'msg_signed',
      ],
      { cwd, env },
    );
    const headers = Object.fromEntries(
      sign.stdout
        .split('\n')
        .filter((line) => line.startsWith('webhook-'))
        .map((line) => line.split(': ') as [string, string]),
    );
    expect(sign.stdout).toContain(`curl -sS -X POST \\\n  'http://127.0.0.1:${env.RECEIVER_PORT}/webhooks'`);
    const posted = await fetch(`http://127.0.0.1:${env.RECEIVER_PORT}/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{"type":"order.paid","data":{"orderId":"ord_x"},"createdAt":"2026-11-28T10:00:00Z"}',
    });
    expect(posted.status).toBe(202);
    expect(await posted.json()).toEqual({ status: 'accepted', id: 'msg_signed' });

    const tail = await runRtlab(
      ['tail', 'logs', 'webhooks-receiver', '--grep', 'Handling order.created event', '--no-follow', '--json'],
      { cwd, env },
    );
    const ownIds = new Set(stored.map((event) => event.eventId));
    expect(
      tail.stdout
        .trim()
        .split('\n')
        .filter((line) => ownIds.has((JSON.parse(line) as { eventId: string }).eventId)),
    ).toHaveLength(4);
  }, 120_000);

  it('shows the orderId a learner needs next: send prints the order it created, events has an ORDER column, in 80 columns', async () => {
    const { cwd, env } = lab();
    const created = await runRtlab(['webhooks', 'send'], { cwd, env });
    expect(created.code).toBe(0);
    const [, eventId, orderId] = /^✓ (msg_\S+) order\.created delivered .*\n {2}order (ord_[0-9a-f]+)\n$/.exec(
      created.stdout,
    )!;
    expect(created.stderr).toBe(`Next: rtlab webhooks send --type order.paid --data '{"orderId":"${orderId}"}'\n`);

    const paid = await runRtlab(['webhooks', 'send', '--type', 'order.paid', '--data', `{"orderId":"${orderId}"}`], {
      cwd,
      env,
    });
    expect(paid.code).toBe(0);
    expect(paid.stdout).toMatch(
      new RegExp(`^✓ msg_\\S+ order\\.paid delivered .* and processed\n {2}order ${orderId}\n$`),
    );

    const events = await runRtlab(['webhooks', 'events'], { cwd, env });
    const lines = events.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME +EVENT ID +TYPE +STATUS +ORDER( +ERROR)?$/);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^\\d\\d:\\d\\d +${eventId} +order\\.created +processed +${orderId}$`)),
    );
    // Rows without an error (the last column, unpadded) fit a terminal of 80 columns.
    for (const line of lines.slice(1).filter((row) => !/failed|received/.test(row)))
      expect(line.length, events.stdout).toBeLessThanOrEqual(80);
  }, 60_000);

  it("reports how the lab handled each event: exit 1 with the receiver's reason when its handling failed", async () => {
    const { cwd, env } = lab();
    const earlier = await recordedEventIds(database());

    // The instance: a 202 for an order that does not exist is not a success.
    const missing = await runRtlab(
      ['webhooks', 'send', '--type', 'order.paid', '--data', '{"orderId":"ord_missing"}'],
      { cwd, env },
    );
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(
      /^✗ (msg_\S+) order\.paid delivered \(202, \d+ ms, attempt 1\) but the receiver failed to handle it: Order ord_missing does not exist$/m,
    );
    const id = /^✗ (msg_\S+)/.exec(missing.stdout)![1]!;
    expect(missing.stderr).toContain(
      `✗ Delivered but not processed by the receiver: ${id} (see rtlab webhooks events)`,
    );
    const stored = (await listRecorded('events', { cwd, env })).filter((event) => !earlier.has(event.eventId));
    expect(stored).toEqual([expect.objectContaining({ eventId: id, status: 'failed' })]);
    // What `webhooks send` delivered is recorded like the sender's deliveries, so it can be replayed.
    const replayMissing = await runRtlab(['webhooks', 'replay', id], { cwd, env });
    expect(replayMissing.code).toBe(1);
    expect(replayMissing.stdout).toMatch(
      new RegExp(
        `^✗ ${id} replayed to \\S+ \\(202, attempt 1\\) but the receiver failed to handle it: Order \\S+ does not exist$`,
        'm',
      ),
    );

    // Processed events pass; another failure of its own kind, an impossible move (paying twice), gives its reason too.
    const created = await runRtlab(
      [
        'webhooks',
        'send',
        '--data',
        '{"orderId":"ord_cli_1","customer":{"email":"ana@example.com","name":"Ana"},"items":[{"sku":"A","name":"A","quantity":1,"unitPrice":5}],"currency":"EUR"}',
        '--json',
      ],
      { cwd, env },
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual([
      expect.objectContaining({ delivered: true, handling: { status: 'processed' } }),
    ]);
    expect(
      (await runRtlab(['webhooks', 'send', '--type', 'order.paid', '--data', '{"orderId":"ord_cli_1"}'], { cwd, env }))
        .code,
    ).toBe(0);
    const again = await runRtlab(
      ['webhooks', 'send', '--type', 'order.paid', '--data', '{"orderId":"ord_cli_1"}', '--json'],
      { cwd, env },
    );
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toEqual([
      expect.objectContaining({
        delivered: true,
        handling: { status: 'failed', error: 'Cannot move order ord_cli_1 from paid to paid' },
      }),
    ]);

    // replay tells the truth too: a failed event replayed is handled again, and reported as it ends.
    expect(
      await (await fetch(`http://127.0.0.1:${env.SENDER_PORT}/send?count=1&type=order.paid&orderId=ord_later`)).text(),
    ).toBe('{"status":"sent","count":1}');
    const [delivery] = JSON.parse(
      (await runRtlab(['webhooks', 'deliveries', '--json'], { cwd, env })).stdout,
    ) as Array<{ eventId: string }>;
    const receiverUrl = `http://127.0.0.1:${env.RECEIVER_PORT}/webhooks`;
    const stillMissing = await runRtlab(['webhooks', 'replay', delivery!.eventId], { cwd, env });
    expect(stillMissing.code).toBe(1);
    expect(stillMissing.stdout).toBe(
      `✗ ${delivery!.eventId} replayed to ${receiverUrl} (202, attempt 1) but the receiver failed to handle it: Order ord_later does not exist\n`,
    );
    expect(
      (
        await runRtlab(
          [
            'webhooks',
            'send',
            '--data',
            '{"orderId":"ord_later","customer":{"email":"ana@example.com","name":"Ana"},"items":[{"sku":"A","name":"A","quantity":1,"unitPrice":5}],"currency":"EUR"}',
          ],
          { cwd, env },
        )
      ).code,
    ).toBe(0);
    const nowThere = await runRtlab(['webhooks', 'replay', delivery!.eventId], { cwd, env });
    expect(nowThere.code).toBe(0);
    expect(nowThere.stdout).toBe(`✓ ${delivery!.eventId} replayed to ${receiverUrl} (202, attempt 1) and processed\n`);
  }, 150_000);

  it('with no receiver running, says so once with the command that starts it, however many events and retries', async () => {
    const cwd = tempDir();
    const env = { RECEIVER_PORT: String(await freePort()), MONGO_PORT: String(await freePort()) };
    const run = await runRtlab(['webhooks', 'send', '--count', '3'], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stderr.match(/No receiver is running at/g)).toHaveLength(1);
    expect(run.stderr).toContain(
      `No receiver is running at http://127.0.0.1:${env.RECEIVER_PORT}/webhooks (connection refused); retrying for about 3.5 s. Start it with: npx rtlab serve webhooks-receiver`,
    );
    expect(run.stderr).toMatch(
      /^✗ Not delivered to http:\/\/127\.0\.0\.1:\d+\/webhooks: msg_\S+, msg_\S+, msg_\S+\n {2}Nothing listens there\. Start it with: npx rtlab serve webhooks-receiver$/m,
    );
    expect(run.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('--help documents the retry schedule and the outcome check', async () => {
    const help = await runRtlab(['webhooks', 'send', '--help'], { cwd: tempDir() });
    expect(help.stdout).toContain('tried again after 0.5 s, 1 s and 2 s');
    expect(help.stdout).toContain('4 attempts in all');
    expect(help.stdout).toContain('waits up to 10 s');
  });

  it('exits 1 naming the ids it could not deliver', async () => {
    const cwd = tempDir();
    const run = await runRtlab(['webhooks', 'send', '--to', `http://127.0.0.1:${await freePort()}/webhooks`], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^✗ Not delivered to http:\/\/127\.0\.0\.1:\d+\/webhooks: msg_\S+$/m);
    expect(run.stdout).toMatch(/not delivered: no success after 4 attempts/);
  });

  it('says how to start the lab when asked for events with no lab running', async () => {
    const cwd = tempDir();
    const run = await runRtlab(['webhooks', 'events'], { cwd, env: { MONGO_PORT: String(await freePort()) } });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/No lab MongoDB is running on port \d+\./);
    expect(run.stderr).toMatch(/rtlab serve webhooks-receiver/);
  });

  it("names what holds MONGO_PORT when another program, not the lab's MongoDB, listens there (exit 3)", async () => {
    const cwd = tempDir();
    const port = await freePort();
    // Another program: it accepts connections and never speaks MongoDB.
    const squatter = spawn(
      process.execPath,
      ['-e', `require('node:net').createServer().listen(${port}, '127.0.0.1', () => console.log('ready'))`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(squatter);
    await new Promise((resolve) => squatter.stdout.once('data', resolve));
    const run = await runRtlab(['webhooks', 'events'], { cwd, env: { MONGO_PORT: String(port) } });
    expect(run.stderr).toContain(
      `✗ No lab MongoDB answers on port ${port} (MONGO_PORT): it is held by pid ${squatter.pid} (${process.execPath} -e`,
    );
    expect(run.stderr).toContain(`  hint: Stop pid ${squatter.pid} and start the lab (rtlab serve webhooks-receiver`);
    expect(run.code).toBe(3);
  });

  it('serve --mongo picks the MongoDB: a connection string, memory (a clear error without its download), or a refusal', async () => {
    const cwd = tempDir();
    const { startMongoLite } = await import('../../src/mongo/lite/server/start-mongo-lite.js');
    const external = await startMongoLite({ port: 0 });
    try {
      const env = {
        RECEIVER_PORT: String(await freePort()),
        MONGO_PORT: String(await freePort()),
        WS_PORT: String(await freePort()),
      };
      const child = startRtlab(['serve', 'webhooks-receiver', '--mongo', external.uri], { cwd, env });
      children.push(child);
      await new Promise<void>((resolve) =>
        child.stderr?.on('data', (chunk: Buffer) => /listening on port/.test(chunk.toString()) && resolve()),
      );
      // The CLI looks for the outcome in the lab's MongoDB (MONGO_PORT), not the receiver's: it warns that it cannot confirm.
      const unconfirmed = await runRtlab(['webhooks', 'send'], { cwd, env });
      expect(unconfirmed.code).toBe(0);
      expect(unconfirmed.stdout).toMatch(
        /^! msg_\S+ order\.created delivered \(202, \d+ ms, attempt 1\); its handling could not be checked: No lab MongoDB is running on port \d+\.$/m,
      );
      expect(unconfirmed.stderr).toContain('set MONGO_URL to the MongoDB the receiver uses');
      const confirmed = await runRtlab(['webhooks', 'send'], { cwd, env: { ...env, MONGO_URL: external.uri } });
      expect(confirmed.stdout).toMatch(/ and processed$/m);
      const { MongoClient } = await import('mongodb');
      const client = new MongoClient(external.uri);
      expect(await client.db('realtime_labs').collection('webhook_events').countDocuments()).toBe(2);
      await client.close();

      const bogus = await runRtlab(['serve', 'webhooks-receiver', '--mongo', 'postgres://nope'], { cwd, env });
      expect(bogus.code).toBe(2);
      expect(bogus.stderr).toContain(
        '--mongo "postgres://nope" is not lite, memory or a mongodb:// connection string.',
      );
      // On a free port of its own: a busy port is refused before any MongoDB is looked for.
      const memory = await runRtlab(['serve', 'webhooks-receiver', '--mongo', 'memory'], {
        cwd,
        env: {
          ...env,
          RECEIVER_PORT: String(await freePort()),
          MONGOMS_RUNTIME_DOWNLOAD: 'false',
          MONGOMS_DOWNLOAD_DIR: cwd,
        },
      });
      expect(memory.code).toBe(3);
      expect(memory.stderr).toContain('Could not start mongod through mongodb-memory-server');
    } finally {
      await external.stop();
    }
  }, 90_000);

  it('serve webhooks-sender --retry-schedule: a receiver that never answers becomes a dead letter after those waits', async () => {
    const cwd = tempDir();
    const env = {
      SENDER_PORT: String(await freePort()),
      MONGO_PORT: String(await freePort()),
      RECEIVER_URL: `http://127.0.0.1:${await freePort()}/webhooks`,
    };
    const child = startRtlab(['serve', 'webhooks-sender', '--retry-schedule', '100ms,100ms'], { cwd, env });
    children.push(child);
    await new Promise<void>((resolve) =>
      child.stderr?.on('data', (chunk: Buffer) => /listening on port/.test(chunk.toString()) && resolve()),
    );
    const reply = await fetch(`http://127.0.0.1:${env.SENDER_PORT}/send?count=1`);
    expect(reply.status).toBe(502);
    const body = (await reply.json()) as { status: string; failed: string[] };
    expect(body).toMatchObject({ status: 'failed', count: 1, delivered: 0 });
    const dead = JSON.parse(
      (await runRtlab(['webhooks', 'deliveries', '--dead', '--json'], { cwd, env })).stdout,
    ) as Array<{ eventId: string; attempts: unknown[] }>;
    expect(dead).toEqual([
      expect.objectContaining({
        eventId: body.failed[0],
        attempts: [expect.anything(), expect.anything(), expect.anything()],
      }),
    ]);
    const bad = await runRtlab(['serve', 'webhooks-sender', '--retry-schedule', 'soon,later'], { cwd, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--retry-schedule "soon,later" is not a comma-separated list of durations.');
  });
});

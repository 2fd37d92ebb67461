import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labOneShots } from '../../src/services/registry.js';
import { useChildProcesses } from '../helpers/child-processes.js';
import { freePort } from '../helpers/free-port.js';
import { rtlabBin, runRtlab, startRtlab } from '../helpers/run-rtlab.js';
import { useServedLab, useServedLabDatabase, type ServedLab } from '../helpers/served-lab.js';
import { eventually } from '../helpers/webhook-lab.js';

/** What the lab's grpc-server logged with `message`, as `rtlab tail logs --json` prints it. */
async function serverLog(lab: ServedLab, message: string): Promise<Array<Record<string, unknown>>> {
  const tail = await runRtlab(['tail', 'logs', 'grpc-server', '--grep', message, '--no-follow', '--json'], lab);
  return tail.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry['message'] === message);
}

/** `rtlab …` with `input` piped to its stdin (not a terminal), as `printf … | rtlab …` would. */
function runRtlabWithInput(args: readonly string[], lab: ServedLab, input: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [rtlabBin, ...args], {
      cwd: lab.cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1', ...lab.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function createOrder(lab: ServedLab, ...flags: string[]): Promise<{ id: string; status: string }> {
  const created = await runRtlab(['grpc', 'create-order', '--json', ...flags], lab);
  expect(created.code).toBe(0);
  return JSON.parse(created.stdout) as { id: string; status: string };
}

// Each test runs several CLI processes (a second or more each on a busy machine): the timeouts are
// room for that, not a measure of anything.
describe('rtlab grpc against rtlab serve grpc-server', () => {
  const children = useChildProcesses();
  const lab = useServedLab(['grpc-server'], ['GRPC_PORT', 'MONGO_PORT', 'WS_PORT']);
  const database = useServedLabDatabase(lab);

  it("runs the seed's scenario 2: create-order prints the order, the server logs it, list-orders streams them", async () => {
    // What the registry's one-shot grpc-client runs, as its container would.
    const oneShot = labOneShots.find((part) => part.name === 'grpc-client')!;
    const created = await runRtlab(oneShot.command, lab());
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Order created via CLI: \{.*\}\n$/);
    const order = JSON.parse(created.stdout.replace('Order created via CLI: ', '')) as Record<string, unknown>;
    expect(order).toMatchObject({ id: expect.stringMatching(/^ord_/), status: 'CREATED', source: 'GRPC' });
    expect(order['items']).not.toHaveLength(0);
    expect(await database().collection('orders').findOne({ orderId: order['id'] })).toMatchObject({
      customerEmail: order['customerEmail'],
    });
    const logged = await eventually(
      () => serverLog(lab(), 'CreateOrder succeeded'),
      (entries) => entries.some((entry) => entry['orderId'] === order['id']),
    );
    expect(logged.find((entry) => entry['orderId'] === order['id'])).toMatchObject({
      customerEmail: order['customerEmail'],
    });

    const listed = await runRtlab(['grpc', 'list-orders', '--limit', '50'], lab());
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    const count = Number(/^(\d+) orders?$/.exec(lines.at(-1)!)?.[1]);
    expect(lines[0]).toMatch(/^ID +STATUS +CREATED +SOURCE +TOTAL +CUSTOMER +ITEMS$/);
    expect(count).toBe(lines.length - 2);
    expect(lines.some((line) => line.startsWith(`${String(order['id'])} `))).toBe(true);
    const streamed = await eventually(
      () => serverLog(lab(), 'GetOrders streaming response'),
      (entries) => entries.some((entry) => entry['count'] === count),
    );
    expect(streamed.map((entry) => entry['count'])).toContain(count);
  }, 90_000);

  it('creates with flags, reads, moves an order, and says why a call failed (exit 1, --json)', async () => {
    const order = await createOrder(
      lab(),
      '--email',
      'lucia@example.com',
      '--item',
      'KB-01:2:49.90:Keyboard',
      '--item',
      'MS-02:1:19.99',
    );
    const read = await runRtlab(['grpc', 'get-order', order.id, '--json'], lab());
    expect(JSON.parse(read.stdout)).toMatchObject({
      id: order.id,
      customerEmail: 'lucia@example.com',
      totalCents: 2 * 4990 + 1999,
      items: [
        { sku: 'KB-01', name: 'Keyboard', quantity: 2, unitPriceCents: 4990 },
        { sku: 'MS-02', name: 'MS-02', quantity: 1, unitPriceCents: 1999 },
      ],
    });
    const paid = await runRtlab(['grpc', 'update-status', order.id, 'paid'], lab());
    expect(paid).toMatchObject({ code: 0, stdout: `✓ ${order.id} is now PAID\n` });
    expect(await database().collection('orders').findOne({ orderId: order.id })).toMatchObject({ status: 'paid' });

    const backwards = await runRtlab(['grpc', 'update-status', order.id, 'CREATED'], lab());
    expect(backwards.code).toBe(1);
    expect(backwards.stderr).toMatch(/^✗ FAILED_PRECONDITION: /m);
    expect(backwards.stderr).toMatch(/hint: An order moves CREATED → PAID → SHIPPED/);

    const missing = await runRtlab(['grpc', 'get-order', 'ord_does_not_exist'], lab());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^✗ NOT_FOUND: .*ord_does_not_exist/m);
    const missingJson = await runRtlab(['grpc', 'get-order', 'ord_does_not_exist', '--json'], lab());
    expect(missingJson.code).toBe(1);
    expect(JSON.parse(missingJson.stdout)).toMatchObject({ code: 5, name: 'NOT_FOUND', details: expect.any(String) });

    const invalid = await runRtlab(['grpc', 'create-order', '--email', 'not-an-email', '--item', 'A-1:0:1.00'], lab());
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^✗ INVALID_ARGUMENT: /m);
    expect(invalid.stderr).toMatch(/^ {2}- customer_email: must be an email address/m);
    expect(invalid.stderr).toMatch(/^ {2}- items\[0\]\.quantity: must be greater than 0/m);
    const invalidJson = await runRtlab(
      ['grpc', 'create-order', '--email', 'not-an-email', '--item', 'A-1:0:1.00', '--json'],
      lab(),
    );
    expect(JSON.parse(invalidJson.stdout)).toMatchObject({
      code: 3,
      name: 'INVALID_ARGUMENT',
      violations: expect.arrayContaining([expect.objectContaining({ field: 'items[0].quantity' })]),
    });
    expect(await database().collection('orders').countDocuments({ customerEmail: 'not-an-email' })).toBe(0);

    const forged = await runRtlab(['grpc', 'get-order', order.id, '--token', 'not.a.token'], lab());
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(/^✗ UNAUTHENTICATED: /m);
    expect(forged.stderr).toMatch(/hint: .*JWT_SECRET/);

    const nobody = await runRtlab(['grpc', 'get-order', order.id, '--target', `127.0.0.1:${await freePort()}`], lab());
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/^✗ UNAVAILABLE: cannot reach 127\.0\.0\.1:\d+ \(connect ECONNREFUSED/m);
    expect(nobody.stderr).toMatch(/hint: .*start it with `rtlab serve grpc-server`/);
  }, 90_000);

  it('create-order run again with the same --idempotency-key prints the same order and stores one', async () => {
    const key = `cli-key-${Date.now()}`;
    // No --email/--item: the sample order follows from the key, so the second run sends the same request.
    const first = await createOrder(lab(), '--idempotency-key', key);
    const again = await createOrder(lab(), '--idempotency-key', key);
    expect(again).toEqual(first);
    expect(await database().collection('orders').countDocuments({ idempotencyKey: key })).toBe(1);
    const other = await runRtlab(
      ['grpc', 'create-order', '--idempotency-key', key, '--email', 'someone.else@example.com', '--item', 'X-1:1:1.00'],
      lab(),
    );
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('INVALID_ARGUMENT');
    expect(other.stderr).toContain(first.id);
    const badKey = await runRtlab(['grpc', 'create-order', '--idempotency-key', 'has spaces in it'], lab());
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toMatch(/--idempotency-key .* is not a usable key/);
  }, 90_000);

  it('imports a JSON Lines file: creates the valid orders, reports each bad line by number, exits 1', async () => {
    const { cwd } = lab();
    const line = (email: string, quantity = 1) =>
      JSON.stringify({
        customer_email: email,
        currency: 'EUR',
        items: [{ sku: 'TEA-1', name: 'Green tea', quantity, unit_price_cents: 450 }],
      });
    const file = path.join(cwd, 'orders.jsonl');
    writeFileSync(
      file,
      [
        line('import-1@example.com'),
        '{"customerEmail": "broken@example.com", ',
        line('import-2@example.com'),
        line('import-3@example.com', 0),
        '',
        line('import-4@example.com'),
      ].join('\n'),
    );
    const imported = await runRtlab(['grpc', 'import', file], lab());
    expect(imported.code).toBe(1);
    expect(imported.stdout).toBe(
      [
        'Imported 3 orders; 2 rejected',
        '  - line 2: not valid JSON (one order per line)',
        '  - line 4: items[0].quantity must be greater than 0, got 0',
        '',
      ].join('\n'),
    );
    expect(imported.stderr).toMatch(/^✗ 2 of 5 lines were not imported/m);
    const stored = await database()
      .collection('orders')
      .find({ customerEmail: { $regex: /^import-\d@example\.com$/ } })
      .toArray();
    expect(stored.map((order) => order['customerEmail']).sort()).toEqual([
      'import-1@example.com',
      'import-2@example.com',
      'import-4@example.com',
    ]);

    const missing = await runRtlab(['grpc', 'import', path.join(cwd, 'nowhere.jsonl')], lab());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^✗ Cannot read .*nowhere\.jsonl: no such file\./m);
  }, 90_000);

  it('chats about an order and follows its changes with watch', async () => {
    const order = await createOrder(lab());
    const watch = startRtlab(['grpc', 'watch', '--json'], lab());
    children.push(watch);
    let watched = '';
    let watchErr = '';
    watch.stdout!.on('data', (chunk: Buffer) => (watched += chunk.toString()));
    watch.stderr!.on('data', (chunk: Buffer) => (watchErr += chunk.toString()));
    await eventually(
      () => watchErr,
      (text) => text.includes('Watching order changes'),
      20_000,
    );

    const chat = await runRtlab(['grpc', 'chat', order.id, '--message', '¿Cuándo llega?', '--author', 'ana'], lab());
    expect(chat).toMatchObject({ code: 0, stdout: `[${order.id}] ana: ¿Cuándo llega?\n` });
    expect(
      await database().collection('order_chat_messages').findOne({ orderId: order.id, text: '¿Cuándo llega?' }),
    ).toMatchObject({ author: 'ana' });

    // Piped lines, no prompt: each is a message, and each comes back once stored.
    const piped = await runRtlabWithInput(['grpc', 'chat', order.id, '--author', 'bo'], lab(), 'uno\n\ndos\n');
    expect(piped).toMatchObject({ code: 0, stdout: `[${order.id}] bo: uno\n[${order.id}] bo: dos\n`, stderr: '' });
    const unknown = await runRtlab(['grpc', 'chat', 'ord_nobody_ordered', '--message', 'hola'], lab());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^✗ NOT_FOUND: .*ord_nobody_ordered/m);

    // The watch stream is open before this change is made; the change must arrive on it.
    expect((await runRtlab(['grpc', 'update-status', order.id, 'CANCELLED'], lab())).code).toBe(0);
    const lines = await eventually(
      () => watched.split('\n').filter((text) => text.includes(order.id)),
      (found) => found.some((text) => text.includes('"CANCELLED"')),
      20_000,
    );
    expect(lines.map((text) => JSON.parse(text) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ orderId: order.id, status: 'CANCELLED', source: 'GRPC' }),
    );
  }, 90_000);
});

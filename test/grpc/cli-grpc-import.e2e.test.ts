import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useChildProcesses } from '../helpers/child-processes.js';
import { rtlabBin, runRtlab } from '../helpers/run-rtlab.js';
import { useServedLab, useServedLabDatabase } from '../helpers/served-lab.js';
import { eventually } from '../helpers/webhook-lab.js';

const line = (email: string, quantity = 1) =>
  JSON.stringify({
    customer_email: email,
    currency: 'EUR',
    items: [{ sku: 'TEA-1', name: 'Green tea', quantity, unit_price_cents: 450 }],
  });

describe('rtlab grpc import: what it could not send, and what Ctrl-C left stored', () => {
  const children = useChildProcesses();
  const lab = useServedLab(['grpc-server'], ['GRPC_PORT', 'MONGO_PORT', 'WS_PORT']);
  const database = useServedLabDatabase(lab);

  it('a folder is a local error (exit 2, nothing sent); a quantity past int32 is a bad line, not an order of 1', async () => {
    const { cwd } = lab();
    const folder = path.join(cwd, 'orders');
    mkdirSync(folder);
    const refused = await runRtlab(['grpc', 'import', folder], lab());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^✗ Cannot read .*orders: it is a folder\.\n {2}hint: Give a JSON Lines file/m);

    const file = path.join(cwd, 'wrapped.jsonl');
    writeFileSync(file, [line('wrap-1@example.com'), line('wrap-2@example.com', 4294967297)].join('\n'));
    const imported = await runRtlab(['grpc', 'import', file], lab());
    expect(imported.code).toBe(1);
    expect(imported.stdout).toBe(
      [
        'Imported 1 order; 1 rejected',
        '  - line 2: not an order: items.0.quantity must be a 32-bit integer (at most 2147483647)',
        '',
      ].join('\n'),
    );
    expect(
      await database()
        .collection('orders')
        .countDocuments({ customerEmail: /^wrap-/ }),
    ).toBe(1);
  }, 60_000);

  it('Ctrl-C stops reading, and says how many orders were sent and how many the server created', async () => {
    const { cwd, env } = lab();
    const child = spawn(process.execPath, [rtlabBin, 'grpc', 'import', '-'], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1', ...env },
    });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // stdin stays open: the import would wait for more lines forever.
    child.stdin.write(`${Array.from({ length: 20 }, (_, n) => line(`sigint-${n}@example.com`)).join('\n')}\n`);
    await eventually(
      () =>
        database()
          .collection('orders')
          .countDocuments({ customerEmail: /^sigint-/ }),
      (count) => count === 20,
      20_000,
    );
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('Interrupted: 20 orders sent; waiting for the server to say how many it created');
    expect(stderr).toMatch(
      /Stopped by Ctrl-C after 20 orders sent: the server created 20 and rejected 0; the rest of the file was not sent\.\n/,
    );
  }, 60_000);
});

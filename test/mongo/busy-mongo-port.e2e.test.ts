import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors.js';
import type { Logger } from '../../src/log/log-entry.js';
import { provideLabMongo } from '../../src/runtime/lab-mongo/provide-lab-mongo.js';
import { useChildProcesses } from '../helpers/child-processes.js';
import { freePort } from '../helpers/free-port.js';
import { runRtlab, startRtlab } from '../helpers/run-rtlab.js';
import { useTempDir } from '../helpers/temp-dir.js';

const silent: Logger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

/** The one rule for MONGO_PORT when it is taken: the lab's own engine is reused, anything else is exit 3 naming it. */
describe('the embedded MongoDB plan on a busy MONGO_PORT', () => {
  const tempDir = useTempDir();
  const children = useChildProcesses();

  it('reuses an rtlab engine already listening there, and starts no second one', async () => {
    const cwd = tempDir();
    const port = await freePort();
    const engine = startRtlab(['mongo', 'serve', '--port', String(port), '--no-persist'], { cwd });
    children.push(engine);
    await new Promise<void>((resolve) =>
      engine.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('mongodb://') && resolve()),
    );
    const home = path.join(cwd, '.rtlab');
    const mongo = await provideLabMongo(
      { kind: 'lite', port, dataDir: path.join(home, 'data') },
      { home, cwd, logger: silent },
    );
    expect(mongo.url).toBe(`mongodb://127.0.0.1:${port}/?replicaSet=rs0`);
    expect(mongo.startedEngine).toBeUndefined();
    expect(existsSync(path.join(home, 'mongo.json'))).toBe(false);
  });

  it("exits 3 naming the process that holds it when that is not the lab's engine", async () => {
    const cwd = tempDir();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as net.AddressInfo).port;
    try {
      const home = path.join(cwd, '.rtlab');
      const error = await provideLabMongo(
        { kind: 'lite', port, dataDir: path.join(home, 'data') },
        { home, cwd, logger: silent },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EnvironmentError);
      expect((error as EnvironmentError).exitCode).toBe(3);
      expect((error as EnvironmentError).message).toContain(
        `Port ${port} is in use (mongo) by pid ${process.pid} (${process.execPath}`,
      );
      expect((error as EnvironmentError).hint).toContain(`MONGO_URL=mongodb://127.0.0.1:${port}`);

      // The same rule, seen from the CLI: rtlab serve exits 3 and starts no engine.
      const run = await runRtlab(['serve', 'ws-server'], {
        cwd,
        env: { WS_PORT: String(await freePort()), MONGO_PORT: String(port) },
      });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(`✗ Port ${port} is in use (mongo) by pid ${process.pid}`);
      expect(existsSync(path.join(home, 'mongo.json'))).toBe(false);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });
});

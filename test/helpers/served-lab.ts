import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { connectLabDatabase } from '../../src/mongo/connect-lab-database.js';
import type { MongoConnection } from '../../src/mongo/connect-mongo.js';
import { stopSharedEngine } from '../../src/runtime/shared-mongo/stop-shared-engine.js';
import { freePort } from './free-port.js';
import { serveService } from './serve-service.js';

/** Where a file's shared lab runs: the folder to run rtlab in and the settings that reach it. */
export interface ServedLab {
  readonly cwd: string;
  readonly env: Record<string, string>;
}

/**
 * One lab for a whole test file: `rtlab serve` of each service, started together once (beforeAll)
 * in one folder, with a free port for each of `ports` (the services' own and those they point at,
 * so no other lab on the machine is reached); stopped afterwards (afterAll) with the embedded
 * MongoDB they started. The tests that share it tell their data apart: their own ids, users, orders.
 */
export function useServedLab(services: readonly string[], ports: readonly string[]): () => ServedLab {
  let lab: ServedLab | undefined;
  const children: ChildProcess[] = [];
  // Starting several services on a busy 2-core machine takes longer than the default hook timeout.
  beforeAll(async () => {
    const env: Record<string, string> = {};
    for (const setting of ports) env[setting] = String(await freePort());
    lab = { cwd: mkdtempSync(path.join(tmpdir(), 'rtlab-lab-')), env };
    const { cwd } = lab;
    const started = await Promise.allSettled(services.map((service) => serveService(service, cwd, env)));
    for (const result of started) if (result.status === 'fulfilled') children.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }, 90_000);
  afterAll(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (lab === undefined) return;
    await stopSharedEngine(path.join(lab.cwd, '.rtlab'), 2000);
    rmSync(lab.cwd, { recursive: true, force: true });
  }, 30_000);
  return () => {
    if (lab === undefined) throw new Error('The shared lab is not started: call it inside a test');
    return lab;
  };
}

/**
 * The shared lab's MongoDB (the embedded engine its services started on MONGO_PORT), connected for
 * the file's tests: to read what they stored, or what was there before a test began.
 */
export function useServedLabDatabase(lab: () => ServedLab): () => Db {
  let connection: MongoConnection | undefined;
  beforeAll(async () => {
    connection = await connectLabDatabase({
      url: `mongodb://127.0.0.1:${lab().env['MONGO_PORT']}`,
      dbName: 'realtime_labs',
      serverSelectionTimeoutMs: 1000,
    });
  });
  afterAll(() => connection?.close());
  return () => {
    if (connection === undefined) throw new Error("The shared lab's MongoDB is not connected: call it inside a test");
    return connection.db;
  };
}

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { afterEach } from 'vitest';
import { fileMagic, frameEndMarkBytes, frameHeaderBytes } from '../../src/mongo/lite/persistence/journal-format.js';
import {
  startMongoLite,
  type StartedMongoLite,
  type StartMongoLiteOptions,
} from '../../src/mongo/lite/server/start-mongo-lite.js';

/** Every file of a data directory and its bytes: proof that a refused start changed nothing. */
export function readDir(dir: string): Record<string, Buffer> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name))]));
}

/** The data directory's (first) journal file. */
export function journalOf(dir: string): string {
  return path.join(
    dir,
    readdirSync(dir).find((name) => /^journal-\d{6}\.log$/.test(name))!,
  );
}

/** Where each record's frame starts in a journal the engine wrote: after the magic, frame after frame. */
export function frameStarts(bytes: Buffer): number[] {
  const starts: number[] = [];
  let offset = fileMagic.length;
  while (offset + frameHeaderBytes <= bytes.length) {
    starts.push(offset);
    offset += frameHeaderBytes + bytes.readUInt32LE(offset) + frameEndMarkBytes;
  }
  return starts;
}

/** A logger that keeps the warnings: what start-up says it cut or repaired. */
export function collectLogger() {
  const warnings: Array<{ message: string; meta: Record<string, unknown> }> = [];
  return {
    warnings,
    logger: {
      error: () => undefined,
      info: () => undefined,
      debug: () => undefined,
      warn: (message: string, meta?: Record<string, unknown>) => void warnings.push({ message, meta: meta ?? {} }),
    },
  };
}

export type EngineOptions = Omit<StartMongoLiteOptions, 'port' | 'dbPath'>;

/**
 * Engines started in this process on a data directory, for one test file: `start` resolves to
 * the `lab` database once a client is connected; `stopAll` (also run after each test) closes the
 * clients and stops the engines, flushing their journals.
 */
export function useJournalEngines(): {
  start(dbPath: string, options?: EngineOptions): Promise<Db>;
  stopAll(): Promise<void>;
} {
  const open: Array<{ client: MongoClient; server: StartedMongoLite }> = [];
  const stopAll = async () => {
    for (const { client, server } of open.splice(0)) {
      await client.close();
      await server.stop();
    }
  };
  afterEach(stopAll);
  return {
    stopAll,
    start: async (dbPath, options = {}) => {
      const server = await startMongoLite({ port: 0, dbPath, ...options });
      // Without retryable writes, each command's journal holds only its documents (no session
      // record): the damage tests count records and place flipped bytes by them.
      const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 3000, retryWrites: false });
      await client.connect();
      open.push({ client, server });
      return client.db('lab');
    },
  };
}

/** The error a start on `dbPath` fails with (undefined if it started, which the test then rejects). */
export async function startError(dbPath: string): Promise<unknown> {
  return startMongoLite({ port: 0, dbPath }).then(
    async (server) => void (await server.stop()),
    (error: unknown) => error,
  );
}

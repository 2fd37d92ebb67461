import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach } from 'vitest';
import type { LoggerFactory } from '../../src/log/create-logger-factory.js';
import type { MongoConnection } from '../../src/mongo/connect-mongo.js';
import type { StartedMongoLite } from '../../src/mongo/lite/server/start-mongo-lite.js';
import type { StartedWebhookReceiver } from '../../src/services/webhooks/receiver/start-webhook-receiver.js';
import { startReceiverStack } from './receiver-stack.js';
import { startLabDatabase } from './lab-database.js';
import { useTempDir } from './temp-dir.js';

export const testSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export interface WebhookLab {
  readonly mongo: StartedMongoLite;
  readonly connection: MongoConnection;
  readonly receiver: StartedWebhookReceiver;
  readonly notifications: unknown[];
  readonly logDir: string;
  /** The messages a service logged so far, in order. */
  logMessages(service: string): Promise<Array<{ message: string; level: string; [key: string]: unknown }>>;
}

export interface WebhookLabOptions {
  readonly secrets?: string[];
  readonly leaseMs?: number;
  readonly duplicateWaitMs?: number;
}

/** MongoDB (embedded), the receiver with its real outbox relay, a Socket.IO peer and log files, per test. */
export function useWebhookLab(): (options?: WebhookLabOptions) => Promise<WebhookLab> {
  const tempDir = useTempDir('rtlab-webhooks-');
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async (options = {}) => {
    const logDir = path.join(tempDir(), 'logs');
    const { mongo, connection, stop: stopDatabase } = await startLabDatabase();
    const stack = await startReceiverStack({
      db: connection.db,
      logDir,
      ...options,
      secrets: options.secrets ?? [testSecret],
    });
    const { receiver, logs } = stack;
    cleanups.push(async () => {
      await stack.stop();
      await stopDatabase();
    });
    return {
      mongo,
      connection,
      receiver,
      notifications: stack.notifications,
      logDir,
      logMessages: (service) => readLoggedMessages(logs, logDir, service),
    };
  };
}

let markers = 0;

/**
 * The messages `service` logged so far through `logs` (files under `logDir`), in order. Lines
 * reach the file in the order they were logged: once a marker logged now is there, so is every
 * line before it.
 */
export async function readLoggedMessages(
  logs: LoggerFactory,
  logDir: string,
  service: string,
): Promise<Array<{ message: string; level: string; [key: string]: unknown }>> {
  const marker = `log marker ${++markers}`;
  logs.forService(service).debug(marker);
  const file = path.join(logDir, `${service}.log`);
  const lines = await eventually(
    () => readLogLines(file),
    (read) => read.some((line) => line.message === marker),
  );
  const end = lines.findIndex((line) => line.message === marker);
  if (end === -1) throw new Error(`${service}.log never showed "${marker}"`);
  return lines.slice(0, end).filter((line) => !line.message.startsWith('log marker '));
}

function readLogLines(file: string): Array<{ message: string; level: string }> {
  try {
    // The last line may be half-written: only complete lines count.
    const complete = readFileSync(file, 'utf8').split('\n').slice(0, -1);
    return complete.map((line) => JSON.parse(line) as { message: string; level: string });
  } catch {
    return [];
  }
}

/** Polls until the check passes or a few seconds pass (the caller then asserts and fails). */
export async function eventually<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(25);
    value = await read();
  }
  return value;
}

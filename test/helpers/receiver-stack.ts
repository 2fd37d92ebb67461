import type { Db } from 'mongodb';
import type { LogLevel } from '../../src/config/lab-config.js';
import { createLoggerFactory, type LoggerFactory } from '../../src/log/create-logger-factory.js';
import {
  startWebhookReceiver,
  type StartedWebhookReceiver,
} from '../../src/services/webhooks/receiver/start-webhook-receiver.js';
import { startOutboxRelay } from '../../src/services/ws/start-outbox-relay.js';
import { startSocketIoSink } from './socket-io-sink.js';

const internalToken = 'internal-token-for-tests-0123456789';

export interface ReceiverStackOptions {
  readonly db: Db;
  readonly logDir: string;
  readonly logLevel?: LogLevel;
  readonly secrets: string[];
  readonly leaseMs?: number;
  readonly duplicateWaitMs?: number;
}

export interface ReceiverStack {
  readonly receiver: StartedWebhookReceiver;
  /** The order updates the ws-server's stand-in received, in order. */
  readonly notifications: unknown[];
  readonly logs: LoggerFactory;
  stop(): Promise<void>;
}

/**
 * The receiver as `rtlab serve webhooks-receiver` runs it, on a MongoDB the test provides: its
 * real outbox relay publishing to a Socket.IO stand-in for the ws-server, logging to `logDir`.
 */
export async function startReceiverStack(options: ReceiverStackOptions): Promise<ReceiverStack> {
  const logs = createLoggerFactory({ logDir: options.logDir, level: options.logLevel ?? 'debug', console: false });
  const sink = await startSocketIoSink(internalToken);
  const relay = startOutboxRelay({
    db: options.db,
    wsServerUrl: sink.url,
    internalToken,
    logger: logs.forService('webhooks-receiver'),
    pollIntervalMs: 200,
  });
  const receiver = await startWebhookReceiver({
    port: 0,
    host: '127.0.0.1',
    db: options.db,
    secrets: options.secrets,
    publisher: relay,
    logger: logs.forService('webhooks-receiver'),
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(options.duplicateWaitMs === undefined ? {} : { duplicateWaitMs: options.duplicateWaitMs }),
  });
  return {
    receiver,
    notifications: sink.updates,
    logs,
    async stop() {
      await receiver.stop();
      await relay.stop();
      await sink.stop();
      logs.close();
    },
  };
}

import type { Command } from 'commander';
import { ExitCode, UsageError } from '../errors.js';
import { createLoggerFactory } from '../log/create-logger-factory.js';
import { findDelivery, listDeliveries } from '../mongo/webhook-delivery-store.js';
import { listWebhookEvents } from '../mongo/webhook-event-store.js';
import { redeliver } from '../services/webhooks/sender/send-events.js';
import { webhooksSender } from '../services/registry/webhooks-sender.js';
import { isColorEnabled, type CliContext, type GlobalOptions } from './cli-context.js';
import { connectLabMongo } from './connect-lab-mongo.js';
import { describeHandling, handlingTimeoutMs, isUnhandled, markOf } from './describe-send-result.js';
import { formatTable, statusColor, type TableColumn } from './format-table.js';
import { loadCliConfig } from './load-cli-config.js';
import { parseWholeNumberFlag } from './parse-flags.js';
import { printableJson, toPrintable } from './to-printable.js';
import { toLocalTime } from './to-local-time.js';
import { toOrderId } from './to-order-id.js';
import { waitForWebhookOutcomes } from './wait-for-webhook-outcomes.js';

/**
 * ORDER: the orderId a learner needs for the next event (order.paid…). TIME is when it was
 * received, as every table shows times (toLocalTime), so that a row of full ids fits 80 columns.
 */
const eventColumns: readonly TableColumn[] = [
  { header: 'TIME' },
  { header: 'EVENT ID' },
  { header: 'TYPE' },
  { header: 'STATUS', color: statusColor },
  { header: 'ORDER' },
  { header: 'ERROR' },
];
/** UPDATED: the last attempt, as every table shows times. ATTEMPTS: each attempt's status code, then why the delivery was given up, if it was. */
const deliveryColumns: readonly TableColumn[] = [
  { header: 'UPDATED' },
  { header: 'EVENT ID' },
  { header: 'TYPE' },
  { header: 'STATUS', color: statusColor },
  { header: 'ATTEMPTS' },
];

/** `events`, `deliveries` and `replay`: what the running lab's MongoDB holds. */
export function registerWebhookInspectCommands(webhooks: Command, context: CliContext): void {
  webhooks
    .command('events')
    .description('the events the receiver stored, newest first')
    .option('--type <type>', 'only this event type')
    .option('--status <status>', 'only received, processed or failed')
    .option('--limit <n>', 'at most this many', '20')
    .option('--json', 'print them as JSON')
    .action(async (flags: { type?: string; status?: string; limit: string; json?: boolean }, command: Command) => {
      if (flags.status !== undefined && !['received', 'processed', 'failed'].includes(flags.status))
        throw new UsageError(`--status ${JSON.stringify(flags.status)} must be received, processed or failed.`);
      const limit = parseWholeNumberFlag('--limit', flags.limit, { min: 1, max: 1000 });
      await withLabMongo(context, command, true, async (db) => {
        const events = await listWebhookEvents(db, {
          limit,
          ...(flags.type === undefined ? {} : { type: flags.type }),
          ...(flags.status === undefined ? {} : { status: flags.status }),
        });
        if (flags.json === true) return void context.stdout.write(`${printableJson(events, 2)}\n`);
        if (events.length === 0)
          return void context.stderr.write('No webhook events stored yet. Send some with: rtlab webhooks send\n');
        const rows = events.map((event) => [
          toLocalTime(event.receivedAt),
          event.eventId,
          event.type,
          event.status,
          toOrderId(event.payload) ?? '',
          event.error ?? '',
        ]);
        context.stdout.write(
          formatTable(eventColumns, rows, {
            color: isColorEnabled(context.stdout, context.env, command.optsWithGlobals<GlobalOptions>().color),
          }),
        );
      });
    });

  webhooks
    .command('deliveries')
    .description('what the sender delivered: every attempt, and the dead letters')
    .option('--dead', 'only dead letters')
    .option('--limit <n>', 'at most this many', '20')
    .option('--json', 'print them as JSON')
    .action(async (flags: { dead?: boolean; limit: string; json?: boolean }, command: Command) => {
      const limit = parseWholeNumberFlag('--limit', flags.limit, { min: 1, max: 1000 });
      await withLabMongo(context, command, true, async (db) => {
        const deliveries = await listDeliveries(db, {
          limit,
          ...(flags.dead === true ? { dead: true } : {}),
        });
        if (flags.json === true) return void context.stdout.write(`${printableJson(deliveries, 2)}\n`);
        if (deliveries.length === 0)
          return void context.stderr.write(
            flags.dead === true
              ? 'No dead letters.\n'
              : 'No deliveries yet. Trigger some with: curl http://localhost:3002/send\n',
          );
        const rows = deliveries.map((delivery) => {
          const codes = delivery.attempts.map((attempt) => attempt.statusCode ?? 'error').join(' → ');
          return [
            toLocalTime(delivery.updatedAt),
            delivery.eventId,
            delivery.type,
            delivery.status,
            `${codes}${delivery.reason === undefined ? '' : `  (${delivery.reason})`}`,
          ];
        });
        context.stdout.write(
          formatTable(deliveryColumns, rows, {
            color: isColorEnabled(context.stdout, context.env, command.optsWithGlobals<GlobalOptions>().color),
          }),
        );
      });
    });

  webhooks
    .command('replay')
    .description(
      "deliver a recorded event again: same id and body, freshly signed (a dead letter, say); to the lab's receiver, reports how it was handled",
    )
    .argument('<id>', 'the event id (webhook-id) or the delivery id')
    .option('--to <url>', 'deliver here instead of where it went the first time')
    .action(async (id: string, flags: { to?: string }, command: Command) => {
      await withLabMongo(context, command, false, async (db, config) => {
        const delivery = await findDelivery(db, id);
        if (delivery === null)
          throw new UsageError(`No delivery with id ${JSON.stringify(id)}.`, {
            hint: 'List them with: rtlab webhooks deliveries',
          });
        const logs = createLoggerFactory({ logDir: `${config.home}/logs`, level: 'info', console: false });
        try {
          const url = flags.to ?? delivery.url;
          const result = await redeliver(
            { id: delivery.eventId, body: delivery.body, type: delivery.type },
            {
              url,
              secret: config.webhookSecret,
              db,
              logger: logs.forService(webhooksSender.name),
              schedule: [500, 1000, 2000],
              signal: context.signal,
            },
          );
          const last = result.attempts.at(-1);
          if (!result.delivered) {
            context.stdout.write(`${toPrintable(`✗ ${delivery.eventId} not delivered to ${url}: ${result.reason}`)}\n`);
            // Ctrl-C cut it short: the exit code says interrupted (130), not failed.
            if (!context.signal.aborted) context.exitCode = ExitCode.scenarioFailed;
            return;
          }
          // A replay to the lab's receiver is worth only what its handling gives: a failed event is handled again.
          const handling =
            url === config.receiverUrl
              ? (
                  await waitForWebhookOutcomes(db, [delivery.eventId], {
                    timeoutMs: handlingTimeoutMs,
                    signal: context.signal,
                  })
                ).get(delivery.eventId)
              : undefined;
          // 200 is the receiver's "duplicate": it had finished this id before and did not handle it again.
          const duplicate = last?.statusCode === 200 ? ', a duplicate: not handled again' : '';
          context.stdout.write(
            `${toPrintable(`${handling === undefined ? '✓' : markOf(handling)} ${delivery.eventId} replayed to ${url} (${last?.statusCode}, attempt ${result.attempts.length}${duplicate})${handling === undefined ? '' : describeHandling(handling)}`)}\n`,
          );
          if (isUnhandled(handling) && !context.signal.aborted) context.exitCode = ExitCode.scenarioFailed;
        } finally {
          logs.close();
        }
      });
    });
}

/** `readOnly`: events and deliveries write no .env; replay signs with WEBHOOK_SECRET, so it is read. */
async function withLabMongo(
  context: CliContext,
  command: Command,
  readOnly: boolean,
  work: (
    db: Awaited<ReturnType<typeof connectLabMongo>>['db'],
    config: ReturnType<typeof loadCliConfig>,
  ) => Promise<void>,
): Promise<void> {
  const config = loadCliConfig(context, command.optsWithGlobals<GlobalOptions>(), {
    readOnly,
    reads: readOnly ? ['home', 'mongo', 'mongoDb'] : ['home', 'mongo', 'mongoDb', 'webhookSecret', 'receiverUrl'],
  });
  const connection = await connectLabMongo(config);
  try {
    await work(connection.db, config);
  } finally {
    await connection.close();
  }
}

import type { Command } from 'commander';
import { ExitCode, UsageError } from '../errors.js';
import { createLoggerFactory } from '../log/create-logger-factory.js';
import { buildSampleEvents, type OutgoingEvent } from '../services/webhooks/sender/build-sample-events.js';
import { sendEvents } from '../services/webhooks/sender/send-events.js';
import { buildWebhookHeaders, newWebhookId } from '../services/webhooks/signing/sign-webhook.js';
import type { CliContext, GlobalOptions } from './cli-context.js';
import { loadCliConfig } from './load-cli-config.js';
import { parseWholeNumberFlag } from './parse-flags.js';
import { readJsonOption } from './read-json-option.js';
import { ensureLabEventType } from './ensure-lab-event-type.js';
import { describeNextStep, describeSendResult, handlingTimeoutMs, isUnhandled } from './describe-send-result.js';
import { toOrderId } from './to-order-id.js';
import { tryConnectLab, waitForWebhookOutcomes } from './wait-for-webhook-outcomes.js';
import { registerWebhookInspectCommands } from './webhooks-inspect-commands.js';
import { printableJson, toPrintable } from './to-printable.js';

interface SendFlags {
  count: string;
  type: string;
  data?: string;
  to?: string;
  secret?: string;
  json?: boolean;
}

/** Retries of `rtlab webhooks send`: quick, since someone is waiting at the terminal. */
const cliRetryScheduleMs = [500, 1000, 2000];

const sendHelp = `
Retries: a network error, 408, 429 or 5xx is tried again after 0.5 s, 1 s and 2 s (each ±20 %,
or longer when the receiver's Retry-After asks): 4 attempts in all. Other 4xx (400, 401, 410…)
are not retried.

Outcome: a 2xx means the receiver stored the event. Delivering to the lab (no --to), the
command then reads the event from the lab's MongoDB (webhook_events) and waits up to 10 s for
its handling: "processed" passes; "failed" prints the receiver's reason.
Exit code 0 when every event was delivered and processed; 1 when one was not delivered, its
handling failed, or it was still not handled after 10 s. With --to, or when the lab's MongoDB
cannot be read (a warning says so), a 2xx is enough.

Examples:
  rtlab webhooks send
  rtlab webhooks send --type order.paid --data '{"orderId":"ord_123"}'
A --type the lab's receiver has no handler for is refused before anything is sent (exit 2),
with the types it handles; with --to, any type is sent as is.
  rtlab webhooks send --to https://example.test/hooks --secret whsec_…`;

const signHelp = `
--data here is the whole body, byte for byte what the curl command posts; with webhooks send,
--data is only the event's data and the command builds the body around it.

Example:
  rtlab webhooks sign --data '{"type":"order.paid","data":{"orderId":"ord_123"},"createdAt":"2026-01-01T00:00:00.000Z"}'`;

export function registerWebhooksCommand(program: Command, context: CliContext): void {
  const webhooks = program
    .command('webhooks')
    .description('send signed webhooks and look at what the lab received and delivered');
  webhooks
    .command('send')
    .description(
      "sign and deliver events with the sender's logic (like `stripe trigger`), to the lab or any URL, and report how the lab handled them",
    )
    .option('--count <n>', 'how many events', '1')
    .option('--type <type>', 'event type', 'order.created')
    .option(
      '--data <json|@file>',
      "only the event's data object (default: a generated order); the command wraps it as { type: --type, data, createdAt }",
    )
    .option('--to <url>', 'deliver here instead of RECEIVER_URL (the handling is then not checked)')
    .option('--secret <secret>', 'sign with this secret instead of WEBHOOK_SECRET')
    .option('--json', 'print the results as JSON')
    .addHelpText('after', sendHelp)
    .action(async (flags: SendFlags, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      // Refused before anything is written or sent: another receiver (--to) decides its own types.
      if (flags.to === undefined) await ensureLabEventType(flags.type);
      const config = loadCliConfig(context, globals, {
        // With --to, the lab's MongoDB is not read and RECEIVER_URL not used.
        reads: [
          'home',
          ...(flags.to === undefined ? (['receiverUrl', 'mongo', 'mongoDb'] as const) : []),
          ...(flags.secret === undefined ? (['webhookSecret'] as const) : []),
        ],
      });
      const count = parseWholeNumberFlag('--count', flags.count, { min: 1, max: 100 });
      const events: OutgoingEvent[] =
        flags.data === undefined
          ? buildSampleEvents(count, flags.type)
          : Array.from({ length: count }, () => ({
              type: flags.type,
              data: toData(readJsonOption('--data', flags.data!, config.cwd)),
              createdAt: new Date().toISOString(),
            }));
      const url = flags.to ?? config.receiverUrl;
      const startHint =
        flags.to === undefined
          ? 'Start it with: npx rtlab serve webhooks-receiver'
          : 'Start the server there, or check --to.';
      const logs = createLoggerFactory({ logDir: `${config.home}/logs`, level: 'error', console: false });
      let toldNoReceiver = false;
      const lab = flags.to === undefined ? await tryConnectLab(config) : undefined;
      try {
        const sent = await sendEvents(events, {
          db: lab?.connection?.db,
          url,
          secret: flags.secret ?? config.webhookSecret,
          logger: logs.forService('webhooks-cli'),
          schedule: cliRetryScheduleMs,
          signal: context.signal,
          // Said once, while retrying, however many events and attempts find nothing listening.
          observeAttempt: (_id, attempt, next) => {
            if (toldNoReceiver || !isConnectionRefused(attempt.error) || next.final) return;
            toldNoReceiver = true;
            context.stderr.write(
              `No receiver is running at ${url} (connection refused); retrying for about ${cliRetryScheduleMs.reduce((sum, ms) => sum + ms, 0) / 1000} s. ${startHint}\n`,
            );
          },
        });
        // sendEvents keeps the order of `events`: the orderId of each comes from its body.
        const deliveries = await Promise.all(
          sent.map(async (event, index) => {
            const orderId = toOrderId(events[index]);
            return {
              id: event.id,
              type: event.type,
              ...(orderId === undefined ? {} : { orderId }),
              ...(await event.done),
            };
          }),
        );
        const delivered = deliveries.filter((result) => result.delivered).map((result) => result.id);
        const outcomes =
          lab === undefined
            ? undefined
            : lab.connection === undefined
              ? new Map(delivered.map((id) => [id, { status: 'unknown', reason: lab.reason } as const]))
              : await waitForWebhookOutcomes(lab.connection.db, delivered, {
                  timeoutMs: handlingTimeoutMs,
                  signal: context.signal,
                });
        const results = deliveries.map((result) => ({
          ...result,
          ...(outcomes?.has(result.id) === true ? { handling: outcomes.get(result.id)! } : {}),
        }));
        if (flags.json === true) context.stdout.write(`${printableJson(results, 2)}\n`);
        else
          for (const result of results) {
            context.stdout.write(`${toPrintable(describeSendResult(result))}\n`);
            // On a line of its own: what a learner copies into the next event (order.paid…); none for an order never delivered.
            if (result.delivered && result.orderId !== undefined)
              context.stdout.write(`  order ${toPrintable(result.orderId)}\n`);
          }
        const next = describeNextStep(results);
        if (next !== undefined) context.stderr.write(`${toPrintable(next)}\n`);
        const failed = results.filter((result) => !result.delivered).map((result) => result.id);
        if (failed.length > 0) {
          const refused = results.some(
            (result) => !result.delivered && result.attempts.every((attempt) => isConnectionRefused(attempt.error)),
          );
          context.stderr.write(
            `✗ Not delivered to ${url}: ${failed.join(', ')}${refused ? `\n  Nothing listens there. ${startHint}` : ''}\n`,
          );
        }
        // Unknown (the lab's MongoDB could not be read) is not a failure the command can vouch for: it warns, exit 0.
        const unhandled = results.filter((result) => isUnhandled(result.handling)).map((result) => result.id);
        if (results.some((result) => result.handling?.status === 'unknown'))
          context.stderr.write(
            "! Could not read the lab's MongoDB to confirm the handling: set MONGO_URL to the MongoDB the receiver uses, or see its log.\n",
          );
        if (unhandled.length > 0)
          context.stderr.write(
            `✗ Delivered but not processed by the receiver: ${unhandled.join(', ')} (see rtlab webhooks events)\n`,
          );
        // Ctrl-C cut the deliveries short: what was not sent is the user's doing, and the exit code says so (130).
        if ((failed.length > 0 || unhandled.length > 0) && !context.signal.aborted)
          context.exitCode = ExitCode.scenarioFailed;
      } finally {
        await lab?.connection?.close();
        logs.close();
      }
    });

  webhooks
    .command('sign')
    .description('print the Standard Webhooks headers for a body, and a ready-to-paste curl command')
    .requiredOption(
      '--data <json|@file>',
      'the whole request body to sign, as sent: a full event { type, data, createdAt } (send --data takes only the data)',
    )
    .option('--id <id>', 'webhook-id (default: a new one)')
    .option('--timestamp <seconds>', 'webhook-timestamp (default: now)')
    .option('--secret <secret>', 'sign with this secret instead of WEBHOOK_SECRET')
    .option('--to <url>', 'the URL in the curl command (default: RECEIVER_URL)')
    .addHelpText('after', signHelp)
    .action(
      (flags: { data: string; id?: string; timestamp?: string; secret?: string; to?: string }, command: Command) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        const config = loadCliConfig(context, globals, {
          reads: [
            ...(flags.to === undefined ? (['receiverUrl'] as const) : []),
            ...(flags.secret === undefined ? (['webhookSecret'] as const) : []),
          ],
        });
        const body = JSON.stringify(readJsonOption('--data', flags.data, config.cwd));
        if (flags.timestamp !== undefined && !/^\d{1,10}$/.test(flags.timestamp))
          throw new UsageError(`--timestamp ${JSON.stringify(flags.timestamp)} must be Unix seconds.`, {
            hint: 'Write it in digits only, such as the output of date +%s.',
          });
        const headers = buildWebhookHeaders({
          id: flags.id ?? newWebhookId(),
          timestamp: flags.timestamp === undefined ? Math.floor(Date.now() / 1000) : Number(flags.timestamp),
          body,
          secret: flags.secret ?? config.webhookSecret,
        });
        for (const [name, value] of Object.entries(headers)) context.stdout.write(`${name}: ${value}\n`);
        const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
        const curl = [
          'curl -sS -X POST',
          quote(flags.to ?? config.receiverUrl),
          "-H 'content-type: application/json'",
          ...Object.entries(headers).map(([name, value]) => `-H ${quote(`${name}: ${value}`)}`),
          `--data-raw ${quote(body)}`,
        ];
        context.stdout.write(`\n${curl.join(' \\\n  ')}\n`);
      },
    );

  registerWebhookInspectCommands(webhooks, context);
}

function toData(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError("--data must be a JSON object: the event's data.", {
      hint: 'For example --data \'{"orderId":"ord_123"}\'.',
    });
  return value as Record<string, unknown>;
}

/** undici reports a closed port as ECONNREFUSED in its message. */
function isConnectionRefused(error: string | undefined): boolean {
  return error !== undefined && /ECONNREFUSED/.test(error);
}

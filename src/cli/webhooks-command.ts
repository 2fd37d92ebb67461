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
import { registerWebhookInspectCommands } from './webhooks-inspect-commands.js';

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

export function registerWebhooksCommand(program: Command, context: CliContext): void {
  const webhooks = program.command('webhooks').description('send signed webhooks and look at what the lab received and delivered');
  webhooks
    .command('send')
    .description('sign and deliver events with the sender\'s logic (like `stripe trigger`), to the lab or any URL')
    .option('--count <n>', 'how many events', '1')
    .option('--type <type>', 'event type', 'order.created')
    .option('--data <json|@file>', 'the event data instead of a generated one')
    .option('--to <url>', 'deliver here instead of RECEIVER_URL')
    .option('--secret <secret>', 'sign with this secret instead of WEBHOOK_SECRET')
    .option('--json', 'print the results as JSON')
    .addHelpText('after', '\nExit code 1 when an event is not delivered (its id is named).\n\nExamples:\n  rtlab webhooks send\n  rtlab webhooks send --type order.paid --data \'{"orderId":"ord_123"}\'\n  rtlab webhooks send --to https://example.test/hooks --secret whsec_…')
    .action(async (flags: SendFlags, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const config = loadCliConfig(context, globals);
      const count = parseWholeNumberFlag('--count', flags.count, { min: 1, max: 100 });
      const events: OutgoingEvent[] = flags.data === undefined ? buildSampleEvents(count, flags.type) : Array.from({ length: count }, () => ({ type: flags.type, data: toData(readJsonOption('--data', flags.data!, config.cwd)), createdAt: new Date().toISOString() }));
      const url = flags.to ?? config.receiverUrl;
      const logs = createLoggerFactory({ logDir: `${config.home}/logs`, level: 'error', console: false });
      try {
        const sent = await sendEvents(events, { url, secret: flags.secret ?? config.webhookSecret, logger: logs.forService('webhooks-cli'), schedule: cliRetryScheduleMs, signal: context.signal });
        const results = await Promise.all(sent.map(async (event) => ({ id: event.id, type: event.type, ...(await event.done) })));
        if (flags.json === true) context.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        else for (const result of results) context.stdout.write(`${describeResult(result)}\n`);
        const failed = results.filter((result) => !result.delivered).map((result) => result.id);
        if (failed.length > 0) {
          context.stderr.write(`✗ Not delivered to ${url}: ${failed.join(', ')}\n`);
          context.exitCode = ExitCode.scenarioFailed;
        }
      } finally {
        logs.close();
      }
    });

  webhooks
    .command('sign')
    .description('print the Standard Webhooks headers for a body, and a ready-to-paste curl command')
    .requiredOption('--data <json|@file>', 'the body to sign (a full event: { type, data, createdAt })')
    .option('--id <id>', 'webhook-id (default: a new one)')
    .option('--timestamp <seconds>', 'webhook-timestamp (default: now)')
    .option('--secret <secret>', 'sign with this secret instead of WEBHOOK_SECRET')
    .option('--to <url>', 'the URL in the curl command (default: RECEIVER_URL)')
    .action((flags: { data: string; id?: string; timestamp?: string; secret?: string; to?: string }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const config = loadCliConfig(context, globals);
      const body = JSON.stringify(readJsonOption('--data', flags.data, config.cwd));
      if (flags.timestamp !== undefined && !/^\d+$/.test(flags.timestamp)) throw new UsageError(`--timestamp ${JSON.stringify(flags.timestamp)} must be Unix seconds.`);
      const headers = buildWebhookHeaders({ id: flags.id ?? newWebhookId(), timestamp: flags.timestamp === undefined ? Math.floor(Date.now() / 1000) : Number(flags.timestamp), body, secret: flags.secret ?? config.webhookSecret });
      for (const [name, value] of Object.entries(headers)) context.stdout.write(`${name}: ${value}\n`);
      const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
      const curl = ['curl -sS -X POST', quote(flags.to ?? config.receiverUrl), "-H 'content-type: application/json'", ...Object.entries(headers).map(([name, value]) => `-H ${quote(`${name}: ${value}`)}`), `--data-raw ${quote(body)}`];
      context.stdout.write(`\n${curl.join(' \\\n  ')}\n`);
    });

  registerWebhookInspectCommands(webhooks, context);
}

function toData(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError('--data must be a JSON object: the event\'s data.', { hint: 'For example --data \'{"orderId":"ord_123"}\'.' });
  return value as Record<string, unknown>;
}

function describeResult(result: { id: string; type: string; delivered: boolean; reason?: string; attempts: ReadonlyArray<{ statusCode?: number; latencyMs: number; error?: string }> }): string {
  const last = result.attempts.at(-1);
  const outcome = `${last?.statusCode ?? last?.error ?? '?'}, ${last?.latencyMs ?? 0} ms, attempt ${result.attempts.length}`;
  return result.delivered ? `✓ ${result.id} ${result.type} delivered (${outcome})` : `✗ ${result.id} ${result.type} not delivered: ${result.reason} (${outcome})`;
}

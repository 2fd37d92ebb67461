import type { LabConfig } from '../../config/lab-config.js';
import type { Logger } from '../../log/log-entry.js';
import type { ActionOutcome, DashboardAction } from '../../ui/dashboard/dashboard-actions.js';
import type { DashboardStore } from '../../ui/dashboard/dashboard-store.js';
import type { Language } from '../../scenarios/schema/localized.js';
import { createDashboardOrderCreator } from './create-dashboard-order.js';
import { createDashboardScenarios } from './run-dashboard-scenario.js';
import { createDashboardChat } from './send-dashboard-chat.js';
import { createDashboardWebhookSender } from './send-dashboard-webhook.js';

export interface LabKeysOptions {
  readonly config: LabConfig;
  readonly store: DashboardStore;
  /** Where the keys' own client errors are logged (as the CLI commands log theirs). */
  readonly logger: Logger;
  readonly user: string;
  /** What a scenario's `cli` steps start from, and the language of its step titles. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly lang: Language;
  readonly signal: AbortSignal;
}

export interface LabKeys {
  readonly actions: readonly DashboardAction[];
  /** Closes the clients the keys opened (MongoDB, gRPC channel, socket). */
  close(): Promise<void>;
}

/**
 * The keys that drive the lab, each through the code path of its CLI command. A key whose
 * service is not running in this lab says which profile would run it.
 */
export function createLabKeys(options: LabKeysOptions): LabKeys {
  const { config, store } = options;
  const webhooks = createDashboardWebhookSender(config, options.logger, options.signal);
  const orders = createDashboardOrderCreator(config);
  const chat = createDashboardChat(config, options.user);
  const scenarios = createDashboardScenarios(options);
  const needs =
    (service: string, profile: string, run: () => Promise<ActionOutcome>) => async (): Promise<ActionOutcome> =>
      store.find(service)?.state === 'ready'
        ? run()
        : {
            ok: false,
            text: `${service} is not running in this lab: the ${profile} profile runs it (rtlab up --profile ${profile}).`,
          };
  return {
    actions: [
      {
        key: 's',
        label: 'send a webhook (order.created)',
        running: 'Sending an order.created webhook…',
        run: needs('webhooks-receiver', 'webhooks', webhooks.send),
      },
      {
        key: 'g',
        label: 'create a gRPC order',
        running: 'Creating an order through gRPC…',
        run: needs('grpc-server', 'grpc', orders.create),
      },
      {
        key: 'c',
        label: 'send a chat message',
        running: 'Sending a chat message…',
        run: needs('ws-server', 'websockets', chat.send),
      },
      {
        key: 'r',
        label: 'run a scenario against this lab',
        running: 'Running the scenario',
        choices: scenarios.choices,
        run: scenarios.run,
      },
    ],
    async close() {
      orders.close();
      await Promise.all([webhooks.close(), chat.close()]);
    },
  };
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { ScenarioLab } from '../lab/scenario-lab.js';
import type { Action } from '../schema/action-schema.js';
import type { ActionResult } from './action-result.js';
import { runCli } from './run-cli.js';
import { runReceiverFault, runService } from './run-fault.js';
import { runGrpc } from './run-grpc.js';
import { runHttp } from './run-http.js';
import { runMongo } from './run-mongo.js';
import { runWebhook } from './run-webhook.js';
import { runWs } from './run-ws.js';

/** The action's kind, as reports name it. */
export function actionKind(action: Action): string {
  return Object.keys(action).find((key) => action[key as keyof Action] !== undefined) ?? 'none';
}

/** Runs a step's one action. */
export async function runAction(
  action: Action,
  lab: ScenarioLab,
  options: { signal: AbortSignal; timeoutMs: number },
): Promise<ActionResult> {
  const { signal } = options;
  if (action.http !== undefined) return { ...(await runHttp(action.http, signal)) };
  if (action.webhook !== undefined) return runWebhook(action.webhook, lab, signal);
  if (action.ws !== undefined) return runWs(action.ws, lab, Math.min(options.timeoutMs, 5000));
  if (action.mongo !== undefined) return runMongo(action.mongo, lab);
  if (action.cli !== undefined) return runCli(action.cli, lab, signal);
  if (action.grpc !== undefined) return runGrpc(action.grpc, lab, options);
  if (action.service !== undefined) return runService(action.service, lab);
  if (action.receiver !== undefined) return runReceiverFault(action.receiver, lab);
  if (action.wait !== undefined) {
    await sleep(action.wait, undefined, { signal });
    return { waitedMs: action.wait };
  }
  throw new Error('a step needs one action');
}

import { buildSampleEvents } from '../../services/webhooks/sender/build-sample-events.js';
import { buildWebhookHeaders, newWebhookId } from '../../services/webhooks/signing/sign-webhook.js';
import type { ScenarioLab } from '../lab/scenario-lab.js';
import type { WebhookAction } from '../schema/action-schema.js';
import type { ActionResult } from './action-result.js';
import { sendHttp } from './run-http.js';

/**
 * One webhook, signed as the lab's sender signs it (the same function), posted to the receiver.
 * `tamper` changes the body after signing; `secret` signs with another secret (a forger's).
 */
export async function runWebhook(action: WebhookAction, lab: ScenarioLab, signal: AbortSignal): Promise<ActionResult> {
  const receiver = lab.services['webhooks-receiver']?.url;
  const url = action.url ?? (receiver === undefined ? undefined : `${receiver}/webhooks`);
  if (url === undefined)
    throw new Error('webhook: no url given and no webhooks-receiver runs (add the webhooks profile)');
  // planAction has filled id and event in (so that the step's expectations can name them).
  const id = action.id ?? newWebhookId();
  const event = typeof action.event === 'object' ? action.event : buildSampleEvents(1, action.type)[0]!;
  const data = (event['data'] ?? {}) as Record<string, unknown>;
  const signed = JSON.stringify(event);
  const headers = buildWebhookHeaders({
    id,
    timestamp: Math.floor(Date.now() / 1000),
    body: signed,
    secret: action.secret ?? lab.webhookSecret,
  });
  // What an attacker on the way would do: same headers, one field changed.
  const body = action.tamper === true ? JSON.stringify({ ...event, data: { ...data, tampered: true } }) : signed;
  const response = await sendHttp(
    url,
    { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body },
    signal,
  );
  return { ...response, id, event, orderId: data['orderId'] };
}

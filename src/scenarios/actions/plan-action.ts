import { buildSampleEvents } from '../../services/webhooks/sender/build-sample-events.js';
import { newWebhookId } from '../../services/webhooks/signing/sign-webhook.js';
import type { Action } from '../schema/action-schema.js';

/**
 * Fixes before it runs what an action would otherwise pick as it goes (a webhook's id and order),
 * so that the step's own expectations, armed before the action, can name them:
 * `{{steps.<this step>.id}}`, `.orderId`, `.event`. Returns the action with those filled in
 * and what is already known of its result.
 */
export function planAction(action: Action): { action: Action; planned: Record<string, unknown> } {
  if (action.webhook === undefined) return { action, planned: {} };
  const id = action.webhook.id ?? newWebhookId();
  const given = action.webhook.event;
  if (typeof given === 'string') throw new Error(`webhook event: ${given} is not an event object`);
  const sample = buildSampleEvents(1, action.webhook.type)[0]!;
  const event = given ?? { ...sample, data: action.webhook.data ?? sample.data };
  const data = (event['data'] ?? {}) as Record<string, unknown>;
  return {
    action: { ...action, webhook: { ...action.webhook, id, event } },
    planned: { id, orderId: data['orderId'], event },
  };
}

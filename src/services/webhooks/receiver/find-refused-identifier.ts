import { orderIdSchema } from '../../visible-text-schema.js';
import type { WebhookEventBody } from './event-schema.js';

/** The identifier fields of `data` that name things in MongoDB and in notifications, with the rule each must follow. */
const identifierFields = [['orderId', orderIdSchema]] as const;

/**
 * The first identifier of the event the rest of the lab would refuse, with the rule it breaks,
 * or undefined. The ws-server refuses an `order:update` whose order id holds control or
 * invisible format characters, so an event carrying one could be acknowledged and handled but
 * never published: it is refused before anything is stored. Only string ids are checked: a
 * missing or mistyped id is the handler's to reject. (The event id, the webhook-id header, is
 * already printable ASCII by the signature check.)
 */
export function findRefusedIdentifier(event: WebhookEventBody): { field: string; message: string } | undefined {
  for (const [field, schema] of identifierFields) {
    const value = event.data[field];
    if (typeof value !== 'string') continue;
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      return {
        field: `data.${field}`,
        message: parsed.error.issues[0]?.message ?? `${field} is not a valid identifier`,
      };
  }
  return undefined;
}

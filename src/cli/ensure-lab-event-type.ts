import { UsageError } from '../errors.js';
import { loadWebhookHandlers } from '../services/webhooks/handlers/load-webhook-handlers.js';
import { toDidYouMean } from './suggest-similar.js';

/**
 * `webhooks send --type` for the lab: a type the lab's receiver has no handler for is refused
 * before anything is sent (exit 2). The receiver acknowledges such an event and ignores it
 * ("No handler for …"), as webhook receivers do, so a typo would otherwise look like a success.
 */
export async function ensureLabEventType(type: string): Promise<void> {
  const known = [...(await loadWebhookHandlers()).keys()].sort();
  if (known.includes(type)) return;
  const similar = toDidYouMean(type, known);
  throw new UsageError(
    `Unknown event type ${JSON.stringify(type)}: the lab's receiver handles ${known.join(', ')}. Nothing was sent.`,
    {
      hint: `${similar === '' ? '' : `${similar} `}Pass one of those to --type; to send another type to your own receiver, add --to <url>.`,
    },
  );
}

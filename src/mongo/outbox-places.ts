import { eventOutbox } from './event-outbox-store.js';
import type { OutboxPlace } from './outbox-place.js';
import { outboxCollection } from './outbox-store.js';

/** Every place outbox entries are kept, as the relay polls them. */
export const outboxPlaces: readonly OutboxPlace[] = [outboxCollection, eventOutbox];

/** The place of that name. */
export function toOutboxPlace(name: OutboxPlace['name']): OutboxPlace {
  return name === eventOutbox.name ? eventOutbox : outboxCollection;
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { LabDb } from '../mongo/connect-mongo.js';
import { countOutboxEntries } from '../mongo/outbox-store.js';

/** Waits for the relay to deliver the outbox; how many entries are still pending at the deadline. */
export async function waitForEmptyOutbox(db: LabDb, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let pending = await countOutboxEntries(db, 'pending');
  while (pending > 0 && Date.now() < deadline) {
    await sleep(100);
    pending = await countOutboxEntries(db, 'pending');
  }
  return pending;
}

import type { LabDb } from '../../mongo/connect-mongo.js';

/** How many events of one round (ids `msg_<prefix>_<n>`) are stored. */
export function countRoundEvents(db: LabDb, collection: string, prefix: string): Promise<number> {
  return db.collection(collection).countDocuments({ eventId: { $regex: `^msg_${prefix}_` } });
}

/** How many of these events are stored (looked up 1,000 ids at a time). */
export async function countStored(db: LabDb, collection: string, eventIds: readonly string[]): Promise<number> {
  let stored = 0;
  for (let start = 0; start < eventIds.length; start += 1000)
    stored += await db.collection(collection).countDocuments({ eventId: { $in: eventIds.slice(start, start + 1000) } });
  return stored;
}

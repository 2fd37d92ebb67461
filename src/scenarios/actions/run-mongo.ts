import type { ScenarioLab } from '../lab/scenario-lab.js';
import type { MongoAction } from '../schema/action-schema.js';
import type { ActionResult } from './action-result.js';

/** Documents as plain JSON (ObjectIds and dates as strings), as reports and captures show them. */
export function toPlainDocuments(documents: readonly unknown[]): unknown[] {
  return JSON.parse(JSON.stringify(documents)) as unknown[];
}

/** Inserts fixtures (`{ inserted }`) or runs a query (`{ count, documents }`). */
export async function runMongo(action: MongoAction, lab: ScenarioLab): Promise<ActionResult> {
  const collection = lab.db.collection(action.collection);
  if (action.insert !== undefined) {
    const inserted = await collection.insertMany(action.insert.map((document) => ({ ...document })));
    return { inserted: inserted.insertedCount };
  }
  const documents = await collection
    .find(action.find ?? {})
    .sort(action.sort ?? {})
    .limit(action.limit ?? 100)
    .toArray();
  return { count: documents.length, documents: toPlainDocuments(documents) };
}

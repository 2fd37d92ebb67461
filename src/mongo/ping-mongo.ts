import { MongoClient, type Db } from 'mongodb';

/** Removes credentials from a connection string so that it can be printed. */
export function redactMongoUrl(url: string): string {
  return url.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1***@');
}

/** Connects, runs `ping`, disconnects; rejects with the driver's error when it cannot. */
export async function pingMongo(url: string, timeoutMs = 2000): Promise<void> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

/** Whether the database answers a ping now (readiness probes). */
export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await db.command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}

import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';
import { expectPingFirst } from './ping-first.js';

/**
 * A regular expression in a filter is linear in pattern size × string length, and one match
 * cannot be interrupted: `[^b]{0,500}[bB]` over one 100 KB string held every other client for
 * ~10 s and ran past maxTimeMS (found by the attack pass). Patterns with a large program (big
 * counted repetitions, very long patterns) are matched on a worker.
 */
describe('embedded MongoDB: a costly $regex filter does not stall the other clients', () => {
  const start = useMongoLite();
  const expired = { code: 50, codeName: 'MaxTimeMSExpired' };
  const costly = { $regex: '[^b]{0,500}[bB]' };

  const withLongString = async () => {
    const started = await start();
    await started.db.collection('text').insertOne({ s: 'a'.repeat(100_000) });
    return started;
  };

  it('find, count and a multi update end with 50 after the ping, and the update changed nothing', async () => {
    const { server, db } = await withLongString();
    const text = db.collection('text');
    expect(
      await expectPingFirst(server.port, () => text.find({ s: costly }, { maxTimeMS: 500 }).toArray()),
    ).toMatchObject(expired);
    expect(
      await expectPingFirst(server.port, () => text.countDocuments({ s: costly }, { maxTimeMS: 500 })),
    ).toMatchObject(expired);
    expect(
      await expectPingFirst(server.port, () =>
        text.updateMany({ s: costly }, { $set: { touched: true } }, { maxTimeMS: 500 }),
      ),
    ).toMatchObject(expired);
    expect(await text.countDocuments({ touched: true })).toBe(0);
  });

  it('the same pattern given as a regular expression value (not $regex) ends with 50 after the ping too', async () => {
    const { server, db } = await withLongString();
    expect(
      await expectPingFirst(server.port, () =>
        db
          .collection('text')
          .find({ s: /[^b]{0,500}[bB]/ }, { maxTimeMS: 500 })
          .toArray(),
      ),
    ).toMatchObject(expired);
  });
});

import { Int32, ObjectId, serialize } from 'bson';
import { describe, expect, it } from 'vitest';
import { encodeRecord } from './journal-format.js';
import { putRecord } from './put-record.js';

describe('putRecord', () => {
  it('frames the same bytes as the record object it stands for', () => {
    const document = { _id: new ObjectId(), eventId: 'msg_1', handlings: new Int32(0), payload: { name: 'Gómez' } };
    for (const [db, collection] of [
      ['rtlab', 'webhook_events'],
      ['base_de_datos', 'pedidos_ñ'],
    ] as const) {
      const fromBytes = encodeRecord(putRecord(db, collection, serialize(document)), 7);
      const fromObject = encodeRecord({ t: 'put', db, c: collection, d: document }, 7);
      expect(fromBytes).toEqual(fromObject);
    }
  });
});

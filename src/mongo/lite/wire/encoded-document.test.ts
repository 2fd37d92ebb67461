import { Decimal128, Int32, Long, ObjectId, serialize, Timestamp } from 'bson';
import { describe, expect, it } from 'vitest';
import { encodeDocument } from './bson-codec.js';
import { EncodedDocument, encodeReplyDocument } from './encoded-document.js';

const documents = [
  { _id: new ObjectId(), orderId: 'ord_1', total: new Int32(3), items: [{ sku: 'a', price: 1.5 }], at: new Date(0) },
  { _id: 2, n: Long.fromNumber(7), d: Decimal128.fromString('1.10'), tags: [], empty: {}, text: 'Gómez' },
];

describe('encodeReplyDocument', () => {
  it('writes a cursor batch of encoded documents as the same bytes as the documents themselves', () => {
    const reply = (batch: unknown[]) => ({
      cursor: { id: Long.fromNumber(42), ns: 'lab.orders', firstBatch: batch, postBatchResumeToken: { _data: '82' } },
      ok: 1,
      operationTime: new Timestamp({ t: 1, i: 2 }),
    });
    const encoded = documents.map((document) => new EncodedDocument(serialize(document)));
    expect(encodeReplyDocument(reply(encoded))).toEqual(encodeDocument(reply(documents)));
  });

  it('encodes a reply without encoded documents as before', () => {
    const reply = { n: 1, ok: 1, skipped: undefined };
    expect(encodeReplyDocument(reply)).toEqual(encodeDocument(reply));
  });
});

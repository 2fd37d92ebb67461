import { Int32, Long, ObjectId, type Document } from 'bson';
import { describe, expect, it } from 'vitest';
import { toDocumentView } from '../bson/to-query-view.js';
import { compilePartialFilter } from './partial-index-test.js';
import { createQuery } from './regex/linear-mingo.js';

const filters: Document[] = [
  { outboxPending: true },
  { idempotencyKey: { $exists: true } },
  { seq: { $exists: true }, kind: 'a' },
  { n: 5 },
  { gone: null },
  { 'a.b': 1 },
  { n: { $gt: 1 } },
];
const documents: Document[] = [
  {},
  { outboxPending: true },
  { outboxPending: false },
  { outboxPending: [true] },
  { outboxPending: null },
  { idempotencyKey: 'k1' },
  { idempotencyKey: null },
  { seq: new Int32(1), kind: 'a' },
  { seq: 1, kind: ['a', 'b'] },
  { seq: 1, kind: 'b' },
  { n: Long.fromNumber(5) },
  { n: new Int32(5) },
  { n: 5.0 },
  { n: '5' },
  { gone: null },
  { gone: 0 },
  { a: { b: 1 } },
  { a: [{ b: 1 }] },
  { n: { x: 1 } },
  { _id: new ObjectId(), n: 7 },
];

describe('compilePartialFilter', () => {
  it('admits exactly the documents mingo admits', () => {
    for (const filter of filters) {
      const compiled = compilePartialFilter(filter);
      const query = createQuery(toDocumentView(filter));
      for (const document of documents) {
        const view = toDocumentView(document);
        expect([filter, document, compiled.test(view)]).toEqual([filter, document, query.test(view)]);
      }
    }
  });

  it('names the fields it reads only when it reads no others', () => {
    expect(compilePartialFilter({ seq: { $exists: true }, kind: 'a' }).fields).toEqual(['seq', 'kind']);
    expect(compilePartialFilter({ 'a.b': 1 }).fields).toBeUndefined();
    expect(compilePartialFilter({ n: { $gt: 1 } }).fields).toBeUndefined();
    expect(compilePartialFilter({ $and: [{ n: 1 }] }).fields).toBeUndefined();
  });
});

import { Decimal128, Double, Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import type { MongoCommandError } from '../mongo-command-error.js';
import { applyUpdate } from './apply-update.js';

const update = (doc: object, modifier: object, arrayFilters: object[] = [], filter: object = {}) =>
  applyUpdate(doc, modifier, { filter, arrayFilters, inserting: false });

describe('applyUpdate', () => {
  it('keeps number types as mongod does, widening on overflow', () => {
    expect(update({ n: new Int32(1) }, { $inc: { n: new Int32(2) } })['n']).toEqual(new Int32(3));
    expect(update({ n: new Int32(2 ** 31 - 1) }, { $inc: { n: new Int32(1) } })['n']).toEqual(Long.fromNumber(2 ** 31));
    expect(update({ n: new Int32(1) }, { $inc: { n: new Double(0.5) } })['n']).toEqual(new Double(1.5));
    expect(update({ n: Long.fromNumber(5) }, { $mul: { n: new Int32(3) } })['n']).toEqual(Long.fromNumber(15));
    expect(String(update({ n: Decimal128.fromString('1.5') }, { $inc: { n: new Int32(1) } })['n'])).toBe('2.5');
    expect(update({}, { $mul: { n: new Double(4) } })['n']).toEqual(new Double(0));
  });

  it('applies array operators', () => {
    expect(update({ a: [1, 2] }, { $addToSet: { a: { $each: [2, 3] } } })['a']).toEqual([1, 2, 3]);
    expect(update({ a: [1, 2, 3] }, { $pop: { a: -1 } })['a']).toEqual([2, 3]);
    expect(update({ a: [1, 5, 9] }, { $pull: { a: { $gte: 5 } } })['a']).toEqual([1]);
    expect(update({ a: [{ k: 1 }, { k: 2 }] }, { $pull: { a: { k: 2 } } })['a']).toEqual([{ k: 1 }]);
    expect(update({ a: [1, 2, 1] }, { $pullAll: { a: [1] } })['a']).toEqual([2]);
    expect(update({ a: [3, 1] }, { $push: { a: { $each: [2], $sort: 1, $position: 0 } } })['a']).toEqual([1, 2, 3]);
  });

  it('renames, unsets, takes min and max, and creates nested paths', () => {
    expect(update({ a: 1, b: { c: 2 } }, { $rename: { a: 'z' }, $unset: { 'b.c': '' } })).toEqual({ b: {}, z: 1 });
    expect(update({ lo: 5, hi: 5 }, { $min: { lo: 3 }, $max: { hi: 3 } })).toEqual({ lo: 3, hi: 5 });
    expect(update({}, { $set: { 'x.y.z': 1 } })).toEqual({ x: { y: { z: 1 } } });
    expect(update({ items: [{ q: 1 }, { q: 2 }] }, { $set: { 'items.$[].seen': true } })['items']).toEqual([
      { q: 1, seen: true },
      { q: 2, seen: true },
    ]);
    expect(
      update({ items: [{ q: 1 }, { q: 2 }] }, { $inc: { 'items.$.q': 10 } }, [], { 'items.q': 2 })['items'],
    ).toEqual([{ q: 1 }, { q: new Int32(12) }]);
  });

  it('leaves the original untouched and refuses what mongod refuses', () => {
    const original = { n: 1, s: 'text', nested: { a: 1 } };
    update(original, { $set: { 'nested.a': 2 } });
    expect(original).toEqual({ n: 1, s: 'text', nested: { a: 1 } });
    const codeOf = (modifier: object, doc: object = original) => {
      try {
        update(doc, modifier);
      } catch (error) {
        return (error as MongoCommandError).code;
      }
      return 'no error';
    };
    expect(codeOf({ $inc: { s: 1 } })).toBe(14);
    expect(codeOf({ $inc: { n: 'one' } })).toBe(14);
    expect(codeOf({ $set: { a: 1 }, $unset: { a: '' } })).toBe(40);
    expect(codeOf({ $set: { 's.x': 1 } })).toBe(28);
    expect(codeOf({ $push: { n: 1 } })).toBe(2);
    expect(codeOf({ $bit: { n: { and: 1 } } })).toBe(72);
  });

  it('copies only what it writes: the original keeps every nested value, untouched fields are shared', () => {
    const original = {
      payload: { items: [{ sku: 'a', qty: 1 }], customer: { name: 'Ada' } },
      list: [{ k: 1 }, { k: 2 }],
      deep: { a: { b: { c: 1 } } },
      status: 'received',
    };
    const snapshot = structuredClone(original);
    const after = update(original, {
      $set: { 'deep.a.b.c': 2, 'list.1.k': 3, status: 'processed' },
      $unset: { 'payload.customer.name': '' },
      $push: { 'payload.items': { sku: 'b', qty: 2 } },
      $rename: { 'deep.a.x': 'moved.y' },
    });
    expect(original).toEqual(snapshot);
    expect(after).toEqual({
      payload: {
        items: [
          { sku: 'a', qty: 1 },
          { sku: 'b', qty: 2 },
        ],
        customer: {},
      },
      list: [{ k: 1 }, { k: 3 }],
      deep: { a: { b: { c: 2 } } },
      status: 'processed',
    });
    expect(after['list'][0]).toBe(original.list[0]);
    expect(update(original, { $set: { status: 'x' } })['payload']).toBe(original.payload);
  });
});

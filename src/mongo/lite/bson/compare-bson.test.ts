import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'bson';
import { describe, expect, it } from 'vitest';
import { compareBson } from './compare-bson.js';

/** Sorts a copy of `values` with compareBson, from a scrambled start so that a no-op sort fails. */
function sortedByBson(values: readonly unknown[]): unknown[] {
  return [...values].reverse().sort(compareBson);
}

function sign(n: number): -1 | 0 | 1 {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** compare(a, b) and compare(b, a) agree: a before b means b after a. */
function expectOrder(a: unknown, b: unknown, expected: -1 | 0 | 1): void {
  expect(sign(compareBson(a, b))).toBe(expected);
  expect(sign(compareBson(b, a))).toBe(-expected || 0);
}

describe('BSON comparison', () => {
  it('orders types as MongoDB does: MinKey, null, numbers, strings, objects, arrays, binary, ObjectId, booleans, dates, timestamps, regexes, MaxKey', () => {
    // https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/
    const oneOfEach = [
      new MinKey(),
      null,
      42,
      'text',
      { a: 1 },
      [1],
      new Binary(Buffer.from('x')),
      new ObjectId('0123456789abcdef01234567'),
      false,
      new Date('2026-01-01T00:00:00Z'),
      new Timestamp({ t: 1, i: 1 }),
      /re/,
      new MaxKey(),
    ];
    expect(sortedByBson(oneOfEach)).toEqual(oneOfEach);
  });

  it('puts the extreme value of a type before the least of the next type', () => {
    expectOrder(Number.MAX_VALUE, '', -1);
    expectOrder('\u{10FFFF}', {}, -1);
    expectOrder({ z: 'z' }, [], -1);
    expectOrder([new MaxKey()], new Binary(Buffer.alloc(0)), -1);
    expectOrder(true, new Date(-8.64e15), -1);
    expectOrder(new Date(8.64e15), new Timestamp({ t: 0, i: 0 }), -1);
  });

  it('treats a missing value like null', () => {
    expectOrder(undefined, null, 0);
    expectOrder(undefined, new MinKey(), 1);
    expectOrder(undefined, -Infinity, -1);
  });

  it('compares every number type by value: Int32, Long, Double, Decimal128 and plain numbers mix', () => {
    expectOrder(new Int32(1), 1, 0);
    expectOrder(Long.fromNumber(1), new Double(1), 0);
    expectOrder(Decimal128.fromString('1.0'), 1n, 0);
    expectOrder(-0, 0, 0);
    expectOrder(new Int32(2), Decimal128.fromString('2.5'), -1);
    expectOrder(Long.fromNumber(-3), new Double(-2.5), -1);
    expect(sortedByBson([-Infinity, new Int32(-1), 0, 0.5, Long.fromNumber(2), 1e300, Infinity])).toEqual([
      -Infinity,
      new Int32(-1),
      0,
      0.5,
      Long.fromNumber(2),
      1e300,
      Infinity,
    ]);
  });

  it('compares strings by their UTF-8 bytes (simple collation), not by UTF-16 code units', () => {
    expectOrder('Z', 'a', -1);
    expectOrder('a', 'ab', -1);
    expectOrder('é', 'z', 1);
    // U+FF5E is EF BD 9E in UTF-8, before F0 9F 98 80 (U+1F600); in UTF-16 the emoji's surrogate comes first.
    expectOrder('\uFF5E', '😀', -1);
    expectOrder(new BSONSymbol('b'), 'a', 1);
  });

  it('compares arrays element by element, a prefix first', () => {
    expectOrder([1, 2], [1, 3], -1);
    expectOrder([1, 2], [1, 2, 0], -1);
    expectOrder([2], [1, 9, 9], 1);
    expectOrder([1, 'a'], [1, 2], 1);
    expectOrder([], [], 0);
  });

  it('compares documents pair by pair in field order, fewer pairs first', () => {
    expectOrder({ a: 1, b: 2 }, { a: 1, b: 2 }, 0);
    expectOrder({ a: 1 }, { a: 2 }, -1);
    expectOrder({ a: 1 }, { a: 1, b: 0 }, -1);
    expectOrder({ a: 'x' }, { a: 1 }, 1);
    expectOrder({ a: 1 }, { b: 1 }, -1);
    expectOrder({ a: { b: 1 } }, { a: { b: 2 } }, -1);
  });

  // https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/#objects: "If the field
  // types are equal, compare the key field names. If the key field names are equal, compare the
  // field values." (the field types come first, see DOCS-14025).
  it('compares field names before field values (MongoDB: {a: 1} < {b: 0}), and field types before names', () => {
    expectOrder({ a: 1 }, { b: 0 }, -1);
    expectOrder({ b: 1 }, { a: 'x' }, -1);
    expectOrder({ a: 1, b: 9 }, { a: 1, c: 0 }, -1);
  });

  it('orders binary data by length, then subtype, then bytes', () => {
    expectOrder(new Binary(Buffer.from('zz')), new Binary(Buffer.from('aaa')), -1);
    expectOrder(new Binary(Buffer.from('b'), 0), new Binary(Buffer.from('a'), 4), -1);
    expectOrder(new Binary(Buffer.from('ab')), new Binary(Buffer.from('ac')), -1);
    expectOrder(new Binary(Buffer.from('ab')), new Binary(Buffer.from('ab')), 0);
  });

  it('orders ObjectIds by their bytes (creation time first), booleans false first, dates and timestamps by time', () => {
    expectOrder(new ObjectId('000000010000000000000000'), new ObjectId('00000000ffffffffffffffff'), 1);
    expectOrder(false, true, -1);
    expectOrder(new Date(1000), new Date(2000), -1);
    expectOrder(new Timestamp({ t: 5, i: 9 }), new Timestamp({ t: 6, i: 0 }), -1);
    expectOrder(new Timestamp({ t: 5, i: 1 }), new Timestamp({ t: 5, i: 2 }), -1);
  });

  // mongod orders NaN below every other number and equal to itself (compareDoubles in
  // src/mongo/base/compare_numbers.h), so a sort on a field holding NaN is a total order.
  it('orders NaN below every number, as mongod does', () => {
    expectOrder(NaN, -Infinity, -1);
    expectOrder(NaN, NaN, 0);
    expectOrder(NaN, new Double(NaN), 0);
    expectOrder(Decimal128.fromString('NaN'), NaN, 0);
    expectOrder(NaN, Long.fromNumber(-5), -1);
    expectOrder(Decimal128.fromString('NaN'), Decimal128.fromString('-Infinity'), -1);
    expect(sortedByBson([3, NaN, 1, NaN, -5])).toEqual([NaN, NaN, -5, 1, 3]);
  });

  // mongod compares 64-bit integers exactly (compareLongs, compareLongToDouble in the same file).
  it('tells apart Longs that differ beyond 2^53', () => {
    expectOrder(Long.fromString('9007199254740993'), Long.fromString('9007199254740992'), 1);
    expectOrder(Long.fromString('-9223372036854775808'), Long.fromString('9223372036854775807'), -1);
  });

  it('compares a Long with a double exactly, not through a double', () => {
    // 2^53 + 1 rounds to the double 2^53, yet is greater than it.
    expectOrder(Long.fromString('9007199254740993'), 2 ** 53, 1);
    expectOrder(Long.fromBigInt(2n ** 60n), 2 ** 60, 0);
    // Long.MAX is 2^63 - 1, below the double 2^63 it would round to.
    expectOrder(Long.MAX_VALUE, 2 ** 63, -1);
    expectOrder(Long.fromNumber(2), 2.5, -1);
    expectOrder(Long.fromNumber(-3), -2.5, -1);
    expectOrder(Long.fromNumber(-2), -2.5, 1);
    expectOrder(Long.MIN_VALUE, -Infinity, 1);
  });

  // compareDecimalToDouble in compare_numbers.h: the double is rounded to 34 digits, so
  // Decimal128("0.1") is less than 0.1 (0.1000000000000000055511151231257827…) in mongod.
  it('compares a Decimal128 with a double as mongod does, and with a Long exactly', () => {
    expectOrder(Decimal128.fromString('0.1'), 0.1, -1);
    expectOrder(Decimal128.fromString('0.1000000000000000055511151231257827'), 0.1, 0);
    expectOrder(Decimal128.fromString('0.5'), 0.5, 0);
    expectOrder(Decimal128.fromString('9007199254740993'), 2 ** 53, 1);
    expectOrder(Decimal128.fromString('9007199254740993'), Long.fromString('9007199254740993'), 0);
    expectOrder(Decimal128.fromString('-1E+400'), -Number.MAX_VALUE, -1);
    expectOrder(Decimal128.fromString('Infinity'), Infinity, 0);
    expectOrder(Decimal128.fromString('-0'), 0, 0);
  });

  it('compares regular expressions by pattern, then flags, whether RegExp or BSONRegExp', () => {
    expectOrder(/a/, /b/, -1);
    expectOrder(/a/, /a/i, -1);
    expectOrder(new BSONRegExp('a', 'i'), /a/i, 0);
    expectOrder(new BSONRegExp('b'), /a/m, 1);
  });
});

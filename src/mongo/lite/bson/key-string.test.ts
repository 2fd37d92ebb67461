import { Binary, BSONRegExp, Decimal128, Double, Int32, Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { compareBson } from './compare-bson.js';
import { toKeyString } from './key-string.js';

/**
 * Values of every type the engine keys by (`_id`s, index entries, `$addToSet` members), with
 * several spellings of the same value: the same number as Int32, Long, Double, Decimal128 and a
 * plain number; strings that look like other types' keys.
 */
const samples: ReadonlyArray<readonly [string, unknown]> = [
  ['null', null],
  ['missing', undefined],
  ['0', 0],
  ['-0', -0],
  ['Int32(0)', new Int32(0)],
  ['1', 1],
  ['Int32(1)', new Int32(1)],
  ['Long(1)', Long.fromNumber(1)],
  ['Double(1)', new Double(1)],
  ['Decimal128(1.0)', Decimal128.fromString('1.0')],
  ['1n', 1n],
  ['1.5', 1.5],
  ['Long(2^60)', Long.fromBigInt(2n ** 60n)],
  ['2^60', 2 ** 60],
  ['Decimal128(2^60)', Decimal128.fromString('1152921504606846976')],
  ['Long(2^53)', Long.fromBigInt(2n ** 53n)],
  ['Long(2^53 + 1)', Long.fromBigInt(2n ** 53n + 1n)],
  ['Decimal128(2^53 + 1)', Decimal128.fromString('9007199254740993')],
  ['2^53', 2 ** 53],
  ['0.1', 0.1],
  ['Decimal128(0.1)', Decimal128.fromString('0.1')],
  ['Decimal128(0.1 rounded to 34 digits)', Decimal128.fromString('0.1000000000000000055511151231257827')],
  ['Decimal128(0.50)', Decimal128.fromString('0.50')],
  ['0.5', 0.5],
  ['1e21', 1e21],
  ['Decimal128(1E+21)', Decimal128.fromString('1E+21')],
  ['1e300', 1e300],
  ['Decimal128(1E+300)', Decimal128.fromString('1E+300')],
  ['NaN', NaN],
  ['Decimal128(NaN)', Decimal128.fromString('NaN')],
  ['Infinity', Infinity],
  ['Decimal128(-Infinity)', Decimal128.fromString('-Infinity')],
  ['-Infinity', -Infinity],
  ['"1"', '1'],
  ['"n1"', 'n1'],
  ['""', ''],
  ['"a"', 'a'],
  ['"A"', 'A'],
  ['true', true],
  ['false', false],
  ['"b1"', 'b1'],
  ['Date(1)', new Date(1)],
  ['Date(2)', new Date(2)],
  ['/a/', /a/],
  ['/a/i', /a/i],
  ['BSONRegExp(a, i)', new BSONRegExp('a', 'i')],
  ['/a\\/i/', /a\/i/],
  ['ObjectId(…01)', new ObjectId('000000000000000000000001')],
  ['ObjectId(…02)', new ObjectId('000000000000000000000002')],
  ['Binary(ab)', new Binary(Buffer.from('ab'))],
  ['Binary(ab, 4)', new Binary(Buffer.from('ab'), 4)],
  ['Binary(ac)', new Binary(Buffer.from('ac'))],
  ['[]', []],
  ['[1]', [1]],
  ['[Int32(1)]', [new Int32(1)]],
  ['[1, 2]', [1, 2]],
  ['[[1], 2]', [[1], 2]],
  ['["a", "b"]', ['a', 'b']],
  ['["a,sb"]', ['a,sb']],
  ['["a", "b,sc"]', ['a', 'b,sc']],
  ['["a,sb", "c"]', ['a,sb', 'c']],
  ['{}', {}],
  ['{a: 1}', { a: 1 }],
  ['{a: Long(1)}', { a: Long.fromNumber(1) }],
  ['{a: 2}', { a: 2 }],
  ['{b: 1}', { b: 1 }],
  ['{a: 1, b: 2}', { a: 1, b: 2 }],
  ['{b: 2, a: 1}', { b: 2, a: 1 }],
  ['{a: {b: 1}}', { a: { b: 1 } }],
  ['{k: \'a,"b":sc\'}', { k: 'a,"b":sc' }],
  ['{k: "a", b: "c"}', { k: 'a', b: 'c' }],
];

describe('key strings', () => {
  it('are equal exactly when compareBson finds the values equal, across every pair of types', () => {
    const disagreements: string[] = [];
    for (const [nameA, a] of samples) {
      for (const [nameB, b] of samples) {
        const sameKey = toKeyString(a) === toKeyString(b);
        const sameValue = compareBson(a, b) === 0;
        if (sameKey !== sameValue)
          disagreements.push(
            `${nameA} vs ${nameB}: key ${sameKey ? 'equal' : 'different'}, compareBson ${sameValue ? 'equal' : 'different'}`,
          );
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('match 1, 1.0, Int32(1), Long(1) and Decimal128("1.0"), as an _id lookup in mongod does', () => {
    const keys = new Set(
      [1, new Double(1), new Int32(1), Long.fromNumber(1), Decimal128.fromString('1.0'), 1n].map(toKeyString),
    );
    expect(keys.size).toBe(1);
  });

  it('keep a string apart from the number, boolean or date it spells', () => {
    expect(new Set(['1', 1, 'true', true, '1970-01-01T00:00:00.001Z', new Date(1)].map(toKeyString)).size).toBe(6);
  });

  it('keep document field order, as BSON equality does', () => {
    expect(toKeyString({ a: 1, b: 2 })).not.toBe(toKeyString({ b: 2, a: 1 }));
  });

  // 2^60 is exact as a double, and mongod finds NumberLong(2^60) equal to it: an `_id: 2 ** 60`
  // lookup must find a document stored with Long(2^60) (JavaScript prints the double as
  // `1152921504606847000`, so the key cannot be its printed form).
  it('match a Long beyond 2^53 and the double of the same value', () => {
    expect(compareBson(Long.fromBigInt(2n ** 60n), 2 ** 60)).toBe(0);
    expect(toKeyString(Long.fromBigInt(2n ** 60n))).toBe(toKeyString(2 ** 60));
  });

  // Key strings are for equality (maps, sets, index lookups), not for ordering: nothing sorts by
  // them, and they do not sort like compareBson (`n10` < `n9`).

  // A string inside an array or document must not spell the separator between two values: a
  // compound unique index (keyed by the tuple's key string) would refuse {x: 'a,sb', y: 'c'} as a
  // duplicate of {x: 'a', y: 'b,sc'}, and `$addToSet: { pairs: ['a,sb'] }` find ['a', 'b'] present.
  it('differ for different arrays of strings, whatever characters the strings hold', () => {
    expect(toKeyString(['a,sb'])).not.toBe(toKeyString(['a', 'b']));
  });

  it('differ for different compound index tuples whose strings hold the separator', () => {
    expect(toKeyString(['a,sb', 'c'])).not.toBe(toKeyString(['a', 'b,sc']));
  });

  it('differ for different documents whose string values hold the separator', () => {
    expect(toKeyString({ k: 'a,"b":sc' })).not.toBe(toKeyString({ k: 'a', b: 'c' }));
  });
});

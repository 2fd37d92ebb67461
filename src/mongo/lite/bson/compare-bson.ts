import type { Binary, BSONRegExp, ObjectId, Timestamp } from 'bson';
import { bsonTypeOf, isPlainDocument } from './bson-values.js';
import { compareNumbers } from './compare-numbers.js';

/**
 * BSON's comparison order across types, as mongod sorts: MinKey, null, numbers, strings,
 * objects, arrays, binary, ObjectId, booleans, dates, timestamps, regular expressions, MaxKey.
 */
function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 2;
  if (typeof value === 'number' || typeof value === 'bigint') return 3;
  if (typeof value === 'string') return 4;
  if (typeof value === 'boolean') return 9;
  if (value instanceof Date) return 10;
  if (value instanceof RegExp) return 12;
  if (Array.isArray(value)) return 6;
  switch (bsonTypeOf(value)) {
    case 'MinKey':
      return 1;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'MaxKey':
      return 14;
    case undefined:
      return 5;
    default:
      return 5;
  }
}

export function compareBson(a: unknown, b: unknown): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return rankA - rankB;
  switch (rankA) {
    case 3:
      return compareNumbers(a, b);
    case 4:
      return compareStrings(String(a), String(b));
    case 5:
      return compareDocuments(a as Record<string, unknown>, b as Record<string, unknown>);
    case 6:
      return compareArrays(a as unknown[], b as unknown[]);
    case 7:
      return compareBinary(a as Binary, b as Binary);
    case 8:
      return Buffer.compare((a as ObjectId).id, (b as ObjectId).id);
    case 9:
      return Number(a) - Number(b);
    case 10:
      return (a as Date).getTime() - (b as Date).getTime();
    case 11:
      return (a as Timestamp).compare(b as Timestamp);
    case 12:
      return compareRegExps(a as RegExp | BSONRegExp, b as RegExp | BSONRegExp);
    default:
      return 0;
  }
}

/** Strings compare by their UTF-8 bytes, as mongod's simple collation does. */
function compareStrings(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function compareDocuments(a: Record<string, unknown>, b: Record<string, unknown>): number {
  if (!isPlainDocument(a) || !isPlainDocument(b)) return 0;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  // Pair by pair: the value's type, then the field name, then the value (BSON comparison order).
  for (let i = 0; i < Math.min(keysA.length, keysB.length); i++) {
    const valueA = a[keysA[i]!];
    const valueB = b[keysB[i]!];
    const byType = typeRank(valueA) - typeRank(valueB);
    if (byType !== 0) return byType;
    const byName = compareStrings(keysA[i]!, keysB[i]!);
    if (byName !== 0) return byName;
    const byValue = compareBson(valueA, valueB);
    if (byValue !== 0) return byValue;
  }
  return keysA.length - keysB.length;
}

function compareArrays(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const result = compareBson(a[i], b[i]);
    if (result !== 0) return result;
  }
  return a.length - b.length;
}

function compareBinary(a: Binary, b: Binary): number {
  return a.position - b.position || a.sub_type - b.sub_type || Buffer.compare(a.buffer, b.buffer);
}

/** Regular expressions compare by pattern, then by flags, as mongod does. */
function compareRegExps(a: RegExp | BSONRegExp, b: RegExp | BSONRegExp): number {
  const [patternA, flagsA] = a instanceof RegExp ? [a.source, a.flags] : [a.pattern, a.options];
  const [patternB, flagsB] = b instanceof RegExp ? [b.source, b.flags] : [b.pattern, b.options];
  return compareStrings(patternA, patternB) || compareStrings(sortedFlags(flagsA), sortedFlags(flagsB));
}

function sortedFlags(flags: string): string {
  return [...flags].sort().join('');
}

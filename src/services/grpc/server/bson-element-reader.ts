import { isUtf8 } from 'node:buffer';

/** The BSON types an order's fields are stored as. */
export const bsonType = {
  double: 0x01,
  string: 0x02,
  document: 0x03,
  array: 0x04,
  date: 0x09,
  int32: 0x10,
  int64: 0x12,
};

/**
 * Walks one BSON document's elements in place, without decoding what it passes: each `next()`
 * moves to an element and exposes its type and where its value starts; keys and string values
 * are compared as bytes against names given up front, so nothing is allocated per field. A type
 * whose size it does not know, or bytes that do not add up, end the walk with `failed`.
 */
export class BsonElementReader {
  failed = false;
  /** The current element's type, and where its key and its value start. */
  type = 0;
  private keyStart = 0;
  private keyEnd = 0;
  at = 0;
  private offset: number;
  private readonly end: number;

  constructor(
    private readonly bytes: Buffer,
    start = 0,
  ) {
    const size = bytes.length - start >= 5 ? bytes.readInt32LE(start) : 0;
    this.end = start + size - 1;
    this.offset = start + 4;
    if (size < 5 || start + size > bytes.length || bytes[this.end] !== 0) this.failed = true;
  }

  /** Moves to the next element; false at the end or on malformed bytes. */
  next(): boolean {
    if (this.failed || this.offset >= this.end) return false;
    this.type = this.bytes[this.offset]!;
    this.keyStart = this.offset + 1;
    this.keyEnd = this.bytes.indexOf(0, this.keyStart);
    this.at = this.keyEnd + 1;
    const size = this.keyEnd < 0 || this.keyEnd >= this.end ? undefined : this.valueSize();
    if (size === undefined || size < 0 || this.at + size > this.end) {
      this.failed = true;
      return false;
    }
    this.offset = this.at + size;
    return true;
  }

  /** Which of `names` the current key is (-1 for none). */
  keyIn(names: readonly Buffer[]): number {
    return this.indexIn(names, this.keyStart, this.keyEnd);
  }

  /** Which of `names` the current string value is (-1 for none). */
  stringIn(names: readonly Buffer[]): number {
    return this.indexIn(names, this.at + 4, this.at + 3 + this.bytes.readInt32LE(this.at));
  }

  /** The current embedded document or array, to walk on its own. */
  nested(): BsonElementReader {
    return new BsonElementReader(this.bytes, this.at);
  }

  /**
   * Copies the current string's bytes (without its terminating NUL) with `copy`, when they are
   * valid UTF-8; false otherwise. ASCII, the common case, is checked here without a view.
   */
  copyString(copy: (source: Buffer, start: number, end: number) => void): boolean {
    const start = this.at + 4;
    const end = this.at + 3 + this.bytes.readInt32LE(this.at);
    let at = start;
    while (at < end && this.bytes[at]! < 0x80) at++;
    if (at < end && !isUtf8(this.bytes.subarray(start, end))) return false;
    copy(this.bytes, start, end);
    return true;
  }

  int64(): number {
    return Number(this.bytes.readBigInt64LE(this.at));
  }

  /** A double, int32 or int64 as a number; undefined for any other type. */
  number(): number | undefined {
    if (this.type === bsonType.double) return this.bytes.readDoubleLE(this.at);
    if (this.type === bsonType.int32) return this.bytes.readInt32LE(this.at);
    if (this.type === bsonType.int64) return this.int64();
    return undefined;
  }

  private indexIn(names: readonly Buffer[], start: number, end: number): number {
    const length = end - start;
    for (let index = 0; index < names.length; index++) {
      const name = names[index]!;
      if (name.length !== length) continue;
      let at = 0;
      while (at < length && name[at] === this.bytes[start + at]) at++;
      if (at === length) return index;
    }
    return -1;
  }

  private valueSize(): number | undefined {
    if (this.at + 4 > this.end) return this.type === 0x08 || this.type === 0x0a ? sizes[this.type] : undefined;
    switch (this.type) {
      case bsonType.string: {
        const length = this.bytes.readInt32LE(this.at);
        // A string holds at least its terminating NUL, and ends with it.
        return length < 1 || this.bytes[this.at + 3 + length] !== 0 ? undefined : 4 + length;
      }
      case bsonType.document:
      case bsonType.array: {
        const size = this.bytes.readInt32LE(this.at);
        return size < 5 ? undefined : size;
      }
      case 0x05:
        return 5 + this.bytes.readInt32LE(this.at);
      default:
        return sizes[this.type];
    }
  }
}

/** Fixed sizes: double, ObjectId, bool, date, null, int32, timestamp, int64. */
const sizes: Readonly<Record<number, number>> = {
  0x01: 8,
  0x07: 12,
  0x08: 1,
  0x09: 8,
  0x0a: 0,
  0x10: 4,
  0x11: 8,
  0x12: 8,
};

/** Names as the bytes `keyIn` and `stringIn` compare. */
export function toNames(names: readonly string[]): Buffer[] {
  return names.map((name) => Buffer.from(name, 'utf8'));
}

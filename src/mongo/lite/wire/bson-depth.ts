import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';

/** mongod's limit for any BSON it reads (BSONDepth::kDefaultMaxAllowableDepth). */
export const maxBsonDepth = 200;

/** Each level takes at least 7 bytes (type, empty name, length, terminator): smaller is shallow. */
const smallestTooDeep = maxBsonDepth * 7;

/** Bytes after an element's name, by BSON type, for fixed-size values. */
const fixedSizes: Record<number, number> = {
  0x01: 8,
  0x06: 0,
  0x07: 12,
  0x08: 1,
  0x09: 8,
  0x0a: 0,
  0x10: 4,
  0x11: 8,
  0x12: 8,
  0x13: 16,
  0xff: 0,
  0x7f: 0,
};

/**
 * Refuses BSON nested deeper than mongod reads, before the (recursive) decoder could overflow
 * the stack on it: mongod's Overflow (15) error. Walks the bytes without recursion; anything
 * malformed is left for the decoder to report.
 */
export function checkBsonDepth(bytes: Uint8Array): void {
  if (bytes.length < smallestTooDeep) return;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let depth = 1;
  let at = 4;
  while (depth > 0 && at < bytes.length) {
    const type = bytes[at++]!;
    if (type === 0) {
      depth--;
      continue;
    }
    while (at < bytes.length && bytes[at] !== 0) at++;
    at++;
    if (type === 0x03 || type === 0x04) {
      if (++depth > maxBsonDepth)
        throw new MongoCommandError(ErrorCode.Overflow, 'BSONObj exceeds maximum nested object depth');
      at += 4;
      continue;
    }
    const end = endOfValue(bytes, view, at, type);
    if (end === undefined) return;
    at = end;
  }
}

/**
 * Where a value that starts at `at` ends, for any type but a document or an array (whose length
 * is their first int32); undefined for a type BSON does not have.
 */
export function endOfValue(bytes: Uint8Array, view: DataView, at: number, type: number): number | undefined {
  const int32 = (from: number) => (from + 4 <= bytes.length ? view.getInt32(from, true) : -1);
  if (type in fixedSizes) return at + fixedSizes[type]!;
  if (type === 0x02 || type === 0x0d || type === 0x0e) return at + 4 + int32(at);
  if (type === 0x05) return at + 5 + int32(at);
  if (type === 0x0c) return at + 16 + int32(at);
  if (type === 0x0f) return at + int32(at);
  if (type === 0x0b) {
    for (let strings = 0; strings < 2; strings++) at = bytes.indexOf(0, at) + 1 || bytes.length;
    return at;
  }
  return undefined;
}

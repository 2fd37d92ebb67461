import { crc32 } from 'node:zlib';
import type { Document } from 'bson';
import { encodeDocument } from '../wire/bson-codec.js';
import { EncodedRecord } from './put-record.js';

/**
 * The journal and snapshot format, version 2. A file starts with `fileMagic`; then come records,
 * each one frame:
 *
 *   u32 payload length | u32 sequence | u32 CRC-32 of the payload | u32 CRC-32 of the 12 bytes
 *   before it | payload (one BSON document) | u32 end mark (four non-zero bytes)
 *
 * The sequence numbers a file's records from 0: `--repair` tells exactly how many records a
 * damaged region held, from the valid records around it.
 *
 * Why: at start the engine must tell a torn write (the process or the machine died before the
 * group's fsync returned, so no client was told it is durable, and it may be cut) from damage
 * to a record that was fsynced and maybe acknowledged (which must never be cut silently). No
 * marker on disk can say "this group was acknowledged": the ack follows the fsync, and recording
 * it would take a second fsync per group. A commit marker written with the next group only ever
 * vouches for groups that already have a valid record after them, and those are judged damage
 * anyway (`scanRecords`). So the distinction rests on the shape of the bytes, which the format
 * makes unambiguous:
 * - A crash mid-append leaves the file cut short (a partial write) or with sectors it never wrote
 *   reading as zeros (the file grew, its data did not reach the disk). It never changes a byte
 *   that reached the disk.
 * - The header checksum covers the length: a length made larger (so the frame seems to run past
 *   the end of the file, like a cut-short write) or smaller, or a changed payload checksum, fails
 *   it. A change confined to one 4-byte field is a burst of at most 32 bits, which CRC-32 always
 *   detects. With a valid header the length is the one written, so "the frame ends past the file"
 *   really means the write was cut short.
 * - The end mark makes the last bytes of every whole frame non-zero: zeros where a frame ends
 *   mean its last sectors were never written, so a frame that is all there (end mark included)
 *   and still fails its checksum was changed after it was written: damage.
 * See `tailDamage` for the rule this gives, and `frame-format-v1.ts` for files written before.
 */
export const fileMagic = Buffer.from('rtlabJ2\n', 'latin1');
export const frameHeaderBytes = 16;
export const frameEndMarkBytes = 4;
/** Bytes e5 52 4a 0a on disk: all non-zero. */
export const frameEndMark = 0x0a4a52e5;

/** Record number `sequence` of its file as a frame, ready to be appended after the one before. */
export function encodeRecord(record: Document | EncodedRecord, sequence: number): Buffer {
  const parts = record instanceof EncodedRecord ? record.parts : [encodeDocument(record)];
  const length = record instanceof EncodedRecord ? record.length : parts[0]!.byteLength;
  const frame = Buffer.allocUnsafe(frameHeaderBytes + length + frameEndMarkBytes);
  let at = frameHeaderBytes;
  for (const part of parts) {
    frame.set(part, at);
    at += part.byteLength;
  }
  const payload = frame.subarray(frameHeaderBytes, at);
  frame.writeUInt32LE(length, 0);
  frame.writeUInt32LE(sequence >>> 0, 4);
  frame.writeUInt32LE(crc32(payload), 8);
  frame.writeUInt32LE(crc32(frame.subarray(0, 12)), 12);
  frame.writeUInt32LE(frameEndMark, at);
  return frame;
}

/** Whether the header at `offset` is as written: its length and sequence can be trusted. */
export function hasValidFrameHeader(bytes: Buffer, offset: number): boolean {
  if (offset + frameHeaderBytes > bytes.length) return false;
  return crc32(bytes.subarray(offset, offset + 12)) === bytes.readUInt32LE(offset + 12);
}

import { describe, expect, it } from 'vitest';
import { encodeRecord, fileMagic, frameEndMarkBytes, frameHeaderBytes } from './journal-format.js';
import { scanRecords } from './scan-records.js';

/** A journal as the engine writes it: the magic, then one frame per record. */
function journalOf(count: number, payloadBytes = 40): { bytes: Buffer; starts: number[] } {
  const frames = Array.from({ length: count }, (_, n) =>
    encodeRecord({ t: 'put', n, pad: 'p'.repeat(payloadBytes) }, n),
  );
  const starts: number[] = [];
  let offset = fileMagic.length;
  for (const frame of frames) {
    starts.push(offset);
    offset += frame.length;
  }
  return { bytes: Buffer.concat([fileMagic, ...frames]), starts };
}

/** What loading the last journal concludes: the records it keeps, and torn or damaged. */
function judge(bytes: Buffer): { records: number; verdict: 'whole' | 'torn' | 'damaged' } {
  const scan = scanRecords(bytes);
  if (scan.damaged.length > 0) return { records: scan.records.length, verdict: 'damaged' };
  if (scan.tail === undefined) return { records: scan.records.length, verdict: 'whole' };
  const damage = scan.format.tailDamage(bytes, scan.tail.atByte);
  return { records: scan.records.length, verdict: damage === undefined ? 'torn' : 'damaged' };
}

describe('journal frames: a torn write is told from damage to a written record', () => {
  it('reads back every record of a whole journal', () => {
    expect(judge(journalOf(5).bytes)).toEqual({ records: 5, verdict: 'whole' });
  });

  it('calls damage any change to any byte of the last record, header and end mark included', () => {
    const { bytes, starts } = journalOf(4);
    const last = starts.at(-1)!;
    for (let at = last; at < bytes.length; at++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const changed = Buffer.from(bytes);
        changed[at] = changed[at]! ^ mask;
        expect({ at, mask, ...judge(changed) }).toEqual({ at, mask, records: 3, verdict: 'damaged' });
      }
    }
  });

  it('calls damage a last length made larger than the file, or smaller, whatever the value', () => {
    const { bytes, starts } = journalOf(4);
    const last = starts.at(-1)!;
    for (const length of [bytes.length, 2 ** 24, 0xffffffff, 5, 12, bytes.readUInt32LE(last) - 1]) {
      const changed = Buffer.from(bytes);
      changed.writeUInt32LE(length, last);
      expect({ length, ...judge(changed) }).toEqual({ length, records: 3, verdict: 'damaged' });
    }
  });

  it('calls damage a change in a middle record, and keeps reading the records after it', () => {
    const { bytes, starts } = journalOf(6);
    for (const at of [starts[2]!, starts[2]! + 4, starts[2]! + 8, starts[2]! + frameHeaderBytes + 3, starts[3]! - 1]) {
      const changed = Buffer.from(bytes);
      changed[at] = changed[at]! ^ 0x10;
      const scan = scanRecords(changed);
      expect({ at, records: scan.records.length, after: scan.recordsAfterDamage }).toEqual({
        at,
        records: 5,
        after: 3,
      });
    }
  });

  it('counts exactly the records a damaged region held, from the sequence numbers around it', () => {
    const { bytes, starts } = journalOf(40);
    bytes.fill(0, starts[5]! + 3, starts[30]! + 7);
    expect(scanRecords(bytes).damaged).toEqual([{ atByte: starts[5], bytes: starts[31]! - starts[5]!, records: 26 }]);
    const atStart = journalOf(10);
    atStart.bytes.fill(0, fileMagic.length, atStart.starts[3]! + 1);
    expect(scanRecords(atStart.bytes).damaged).toEqual([
      { atByte: fileMagic.length, bytes: atStart.starts[4]! - fileMagic.length, records: 4 },
    ]);
  });

  it('calls damage a changed magic, and still reads every record', () => {
    for (let at = 0; at < fileMagic.length; at++) {
      const { bytes } = journalOf(3);
      bytes[at] = bytes[at]! ^ 0x01;
      const scan = scanRecords(bytes);
      expect({ at, version: scan.format.version, records: scan.records.length, damaged: scan.damaged }).toEqual({
        at,
        version: 2,
        records: 3,
        damaged: [{ atByte: 0, bytes: fileMagic.length, records: 0 }],
      });
    }
  });

  it('calls torn a last record cut anywhere, inside its header, its payload or its end mark', () => {
    const { bytes, starts } = journalOf(4);
    for (let end = starts.at(-1)! + 1; end < bytes.length; end++) {
      expect({ end, ...judge(bytes.subarray(0, end)) }).toEqual({ end, records: 3, verdict: 'torn' });
    }
  });

  it('calls torn a file cut inside its magic, and zeros where the file grew', () => {
    expect(judge(fileMagic.subarray(0, 5))).toEqual({ records: 0, verdict: 'torn' });
    expect(judge(Buffer.concat([journalOf(2).bytes, Buffer.alloc(4096)]))).toEqual({ records: 2, verdict: 'torn' });
  });

  it('calls torn a last record whose sectors read as zeros from any 512-byte boundary on, header included', () => {
    const { bytes, starts } = journalOf(3, 3000);
    const last = starts.at(-1)!;
    const boundaries = [];
    for (let boundary = Math.ceil(last / 512) * 512; boundary < bytes.length; boundary += 512)
      boundaries.push(boundary);
    expect(boundaries.length).toBeGreaterThan(4);
    for (const boundary of boundaries) {
      const torn = Buffer.from(bytes);
      torn.fill(0, boundary);
      expect({ boundary, ...judge(torn) }).toEqual({ boundary, records: 2, verdict: 'torn' });
    }
    // The last header itself straddling a boundary (6 bytes before it), its second part never written.
    const padFor = (frameBytes: number) => 'p'.repeat(frameBytes - encodeRecord({ t: 'put', pad: '' }, 0).length);
    const first = encodeRecord({ t: 'put', pad: padFor(512 - 6 - fileMagic.length) }, 0);
    const torn = Buffer.concat([fileMagic, first, encodeRecord({ t: 'put', pad: 'p'.repeat(2000) }, 1)]);
    torn.fill(0, 512);
    expect(judge(torn)).toEqual({ records: 1, verdict: 'torn' });
  });

  it('calls damage a whole last record whose sector inside reads as zeros while its end was written', () => {
    const { bytes, starts } = journalOf(3, 3000);
    const inside = Math.ceil((starts.at(-1)! + frameHeaderBytes) / 512) * 512;
    const holed = Buffer.from(bytes);
    holed.fill(0, inside, inside + 512);
    expect(holed.subarray(-frameEndMarkBytes).some((byte) => byte !== 0)).toBe(true);
    expect(judge(holed)).toEqual({ records: 2, verdict: 'damaged' });
  });
});

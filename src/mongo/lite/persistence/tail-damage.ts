import { frameEndMarkBytes, frameHeaderBytes, hasValidFrameHeader } from './journal-format.js';

/** Disks write whole sectors (512 bytes, or pages of several): a torn write leaves whole ones unwritten. */
const sectorBytes = 512;

/**
 * Why the unreadable bytes at the end of the last journal, from `atByte` with no valid record
 * after them, are damage to a frame that was written whole (and so may have been acknowledged);
 * or undefined when they are what a crash mid-append leaves, a torn tail that start-up may cut.
 *
 * A crash (SIGKILL mid-write, power loss before the fsync returned) leaves the first bad frame
 * cut short, or the sectors it never wrote reading as zeros: from where the file grew, or from a
 * sector boundary to the end of the file. It changes no byte that reached the disk. So:
 * - the file ends inside the frame's header: torn;
 * - the header fails its checksum: torn only if the zeros that run to the end of the file begin
 *   inside it (its sector was never written); a header that is all there was changed: damage;
 * - the header holds, so its length is the one written: torn if the frame runs past the end of
 *   the file or into those zeros; a frame that is all there, end mark included, was changed:
 *   damage — whichever byte changed, length included.
 *
 * Two decisions. A file cut inside its last frame (by `truncate`, a copy that stopped) looks
 * exactly like a write the crash cut short; it is treated as torn, as WiredTiger treats an
 * incomplete last log record as the end of the log: a crash mid-write is the common case and
 * must restart on its own, and the cut bytes are kept beside the journal (`*.torn-<time>`).
 * Sectors written out of order (a zeroed sector inside the last frame, written ones after it)
 * are reported as damage: after a power loss that is a false alarm which `--repair` clears —
 * the frame was never acknowledged — where the other choice could cut an acknowledged record.
 */
export function tailDamage(bytes: Buffer, atByte: number): string | undefined {
  if (atByte + frameHeaderBytes > bytes.length) return undefined;
  const unwrittenFrom = zerosToEndFrom(bytes, atByte);
  if (!hasValidFrameHeader(bytes, atByte)) {
    if (atByte + frameHeaderBytes > unwrittenFrom) return undefined;
    return "the last record's header fails its checksum though it is all there (its length or a checksum was changed), so a crash did not cut it short";
  }
  const end = atByte + frameHeaderBytes + bytes.readUInt32LE(atByte) + frameEndMarkBytes;
  if (end > unwrittenFrom) return undefined;
  return 'the damaged last record is all there (its header checksum holds and its end mark was written), so a crash did not cut it short';
}

/**
 * Where the zeros that run to the end of the file begin, as a crash leaves them: at `atByte`
 * (the file grew, none of it was written) or at a sector boundary; the file's length if none.
 */
function zerosToEndFrom(bytes: Buffer, atByte: number): number {
  let last = bytes.length - 1;
  while (last >= atByte && bytes[last] === 0) last--;
  if (last < atByte) return atByte;
  return Math.min(Math.ceil((last + 1) / sectorBytes) * sectorBytes, bytes.length);
}

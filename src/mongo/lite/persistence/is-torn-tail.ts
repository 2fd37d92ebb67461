/** Disks write whole sectors: a crash mid-write leaves whole sectors written and the rest not. */
const sectorBytes = 512;

/**
 * Whether the unreadable bytes at the end of the last journal (from `atByte`, no valid record
 * after them) are what a crash mid-append leaves, rather than damage to records that were
 * written whole — and so possibly acknowledged with j:true. A crash cuts a record short (its
 * frame runs past the end of the file, or not even its 8-byte header is there) or leaves the
 * sectors it never wrote as zeros. A record that is all there, with its last sectors written,
 * and still fails its checksum was damaged after it was written: that is corruption, which only
 * `--repair` may set aside.
 */
export function isTornTail(bytes: Buffer, atByte: number): boolean {
  let offset = atByte;
  while (offset < bytes.length) {
    if (offset + 8 > bytes.length) return true;
    const end = offset + 8 + bytes.readUInt32LE(offset);
    if (end >= bytes.length) return end > bytes.length || endsInUnwrittenSectors(bytes, offset);
    offset = end;
  }
  return true;
}

/** The frame at `start` runs to the end of the file: do its sectors after the first one read as never written? */
function endsInUnwrittenSectors(bytes: Buffer, start: number): boolean {
  const firstBoundary = Math.ceil((start + 1) / sectorBytes) * sectorBytes;
  if (firstBoundary >= bytes.length) return false;
  for (let index = firstBoundary; index < bytes.length; index++) if (bytes[index] !== 0) return false;
  return true;
}

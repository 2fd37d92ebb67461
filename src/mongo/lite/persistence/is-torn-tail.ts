/** Disks write whole sectors: a crash mid-write leaves whole sectors written and the rest not. */
const sectorBytes = 512;

/**
 * Whether the unreadable bytes at the end of the last journal (from `atByte`, no valid record
 * after them) are what a crash mid-append leaves, rather than damage to records that were
 * written whole — and so possibly acknowledged with j:true. A crash leaves the first bad frame
 * cut short (not even its 8-byte header, or a length running past the end of the file), or the
 * sectors it never wrote as zeros (the file grew, the data did not reach the disk). A frame that
 * is all there and still fails its checksum, or whose length ends inside the file with written
 * bytes after it, was damaged after it was written: corruption, which only `--repair` may set aside.
 */
export function isTornTail(bytes: Buffer, atByte: number): boolean {
  if (atByte + 8 > bytes.length) return true;
  if (isAllZero(bytes, atByte)) return true;
  const end = atByte + 8 + bytes.readUInt32LE(atByte);
  if (end > bytes.length) return true;
  const firstBoundary = Math.ceil((atByte + 1) / sectorBytes) * sectorBytes;
  return firstBoundary < bytes.length && isAllZero(bytes, firstBoundary);
}

function isAllZero(bytes: Buffer, from: number): boolean {
  for (let index = from; index < bytes.length; index++) if (bytes[index] !== 0) return false;
  return true;
}

/**
 * Protobuf bytes written by hand into one growing buffer: varint and length-delimited fields,
 * and nested messages whose length is known only once they are written (a byte is set aside
 * for it, and the message moved along when its length needs more). Values are non-negative
 * safe integers: what GetOrders' messages hold.
 */
export class ProtobufWriter {
  private bytes = Buffer.allocUnsafe(256);
  private length = 0;

  varintField(field: number, value: number): void {
    this.varint(field << 3);
    this.varint(value);
  }

  /** A length-delimited field holding `source`'s bytes from `start` to `end`. */
  bytesField(field: number, source: Buffer, start = 0, end = source.length): void {
    this.varint((field << 3) | 2);
    this.varint(end - start);
    this.room(end - start);
    source.copy(this.bytes, this.length, start, end);
    this.length += end - start;
  }

  /** Starts a nested message in `field`; `endMessage` with what this returns closes it. */
  beginMessage(field: number): number {
    this.varint((field << 3) | 2);
    this.room(1);
    this.length += 1;
    return this.length;
  }

  endMessage(start: number): void {
    const size = this.length - start;
    const extra = varintLength(size) - 1;
    if (extra > 0) {
      this.room(extra);
      this.bytes.copyWithin(start + extra, start, this.length);
      this.length += extra;
    }
    const end = this.length;
    this.length = start - 1;
    this.varint(size);
    this.length = end;
  }

  /** The message's bytes (a view: a writer writes one message). */
  finish(): Buffer {
    return this.bytes.subarray(0, this.length);
  }

  private varint(value: number): void {
    this.room(10);
    let rest = value;
    while (rest > 0x7f) {
      this.bytes[this.length++] = (rest % 128) | 0x80;
      rest = Math.floor(rest / 128);
    }
    this.bytes[this.length++] = rest;
  }

  private room(size: number): void {
    if (this.length + size <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + size));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

function varintLength(value: number): number {
  let length = 1;
  for (let rest = value; rest > 0x7f; rest = Math.floor(rest / 128)) length++;
  return length;
}

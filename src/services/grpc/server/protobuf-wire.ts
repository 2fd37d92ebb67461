/**
 * The two protobuf wire types the server writes by hand (the rich error trailer, the reflection
 * descriptors' fixes): varints and length-delimited fields. Fields may come in any order, and a
 * repeated one may be appended to an encoded message: parsers merge what they read.
 */

export function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

export function varintField(field: number, value: number): Buffer {
  return Buffer.concat([varint(field << 3), varint(value)]);
}

export function bytesField(field: number, value: Buffer): Buffer {
  return Buffer.concat([varint((field << 3) | 2), varint(value.length), value]);
}

export function stringField(field: number, value: string): Buffer {
  return bytesField(field, Buffer.from(value, 'utf8'));
}

/** The first length-delimited field `field` of a message as text, if the message starts with it. */
export function readLeadingString(message: Buffer, field: number): string | undefined {
  if (message[0] !== ((field << 3) | 2)) return undefined;
  let length = 0;
  let shift = 0;
  let offset = 1;
  for (;;) {
    const byte = message[offset++];
    if (byte === undefined) return undefined;
    length += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) break;
  }
  return message.subarray(offset, offset + length).toString('utf8');
}

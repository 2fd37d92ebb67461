/**
 * Reads the field details of a failed call: the `grpc-status-details-bin` trailer, a
 * `google.rpc.Status` whose `details` hold `google.protobuf.Any`s; those of type
 * `google.rpc.BadRequest` list the invalid fields. Read by hand from the published field numbers
 * (google/rpc/status.proto, error_details.proto), as the server writes them: two wire types.
 */

/** One invalid field of a request: `items[0].quantity` and what is wrong with it. */
export interface FieldViolation {
  readonly field: string;
  readonly description: string;
}

const badRequestTypeUrl = 'type.googleapis.com/google.rpc.BadRequest';

/** The field violations in a `google.rpc.Status`; none when it is unreadable or carries no BadRequest. */
export function readFieldViolations(status: Buffer): FieldViolation[] {
  try {
    // Status { int32 code = 1; string message = 2; repeated Any details = 3; }
    return readFields(status)
      .filter((field) => field.number === 3 && field.bytes !== undefined)
      .flatMap((detail) => {
        // Any { string type_url = 1; bytes value = 2; }
        const any = readFields(detail.bytes!);
        const typeUrl = any.find((field) => field.number === 1)?.bytes?.toString('utf8');
        const value = any.find((field) => field.number === 2)?.bytes;
        if (typeUrl !== badRequestTypeUrl || value === undefined) return [];
        // BadRequest { repeated FieldViolation field_violations = 1; }
        return readFields(value)
          .filter((field) => field.number === 1 && field.bytes !== undefined)
          .map((violation) => {
            // FieldViolation { string field = 1; string description = 2; }
            const parts = readFields(violation.bytes!);
            const text = (number: number) =>
              parts.find((part) => part.number === number)?.bytes?.toString('utf8') ?? '';
            return { field: text(1), description: text(2) };
          });
      });
  } catch {
    return [];
  }
}

interface WireField {
  readonly number: number;
  /** Set for length-delimited fields (strings, bytes, messages). */
  readonly bytes?: Buffer;
}

/** The top-level fields of one message; throws on a truncated or malformed buffer. */
function readFields(buffer: Buffer): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  const readVarint = (): number => {
    let value = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (offset >= buffer.length) throw new Error('truncated varint');
      const byte = buffer[offset++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw new Error('varint too long');
  };
  while (offset < buffer.length) {
    const key = readVarint();
    const number = Math.floor(key / 8);
    const wireType = key % 8;
    if (wireType === 0) readVarint();
    else if (wireType === 1) offset += 8;
    else if (wireType === 5) offset += 4;
    else if (wireType === 2) {
      const length = readVarint();
      if (offset + length > buffer.length) throw new Error('truncated field');
      fields.push({ number, bytes: buffer.subarray(offset, offset + length) });
      offset += length;
      continue;
    } else throw new Error(`unsupported wire type ${wireType}`);
    fields.push({ number });
  }
  if (offset > buffer.length) throw new Error('truncated field');
  return fields;
}

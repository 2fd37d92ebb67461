import { isUtf8 } from 'node:buffer';
import type { PackageDefinition } from '@grpc/proto-loader';

/** A field the walk looks into: a string to check, or a message to walk. */
interface WalkedField {
  /** The proto field name, as clients write it (`customer_email`). */
  readonly name: string;
  readonly repeated: boolean;
  /** The message type of a message field; undefined for a string. */
  readonly messageType?: string;
}

/** The string and message fields of a message type, by field number. */
type WalkedMessage = ReadonlyMap<number, WalkedField>;

/** What is wrong with a request's raw bytes: the field (`items[1].name`) and why. */
export interface UnreadableField {
  readonly field: string;
  readonly description: string;
}

/** The first string of a message whose bytes are not UTF-8, or a field that cannot be read as its type. */
export type InvalidUtf8Finder = (bytes: Buffer) => UnreadableField | undefined;

const notUtf8 = 'is not valid UTF-8: send text encoded as UTF-8 (protobuf strings must be)';

/**
 * Finds a string field of an encoded message whose bytes are not valid UTF-8, before protobufjs
 * decodes it: protobufjs (like any decoder) turns every invalid sequence into U+FFFD, so two
 * different inputs would become one string (one order id, one idempotency request). Walks the
 * wire format with the message types of `definition`; unknown fields (groups included) are
 * skipped. A string or message field sent with another wire type, or bytes that are no protobuf
 * message, are refused here too: protobufjs reads a known string field whatever its wire type
 * says, and skips what it can, so leaving those to it let invalid text through.
 */
export function createInvalidUtf8Finder(definition: PackageDefinition, typeName: string): InvalidUtf8Finder {
  const messages = new Map<string, WalkedMessage>();
  const messageOf = (name: string): WalkedMessage => {
    let message = messages.get(name);
    if (message === undefined) messages.set(name, (message = toWalkedMessage(definition, name)));
    return message;
  };
  return (bytes) => {
    try {
      return findIn(bytes, 0, bytes.length, messageOf(typeName), '', messageOf);
    } catch (error) {
      if (error instanceof MalformedMessage)
        return { field: 'request', description: 'is not a well-formed protobuf message' };
      throw error;
    }
  };
}

class MalformedMessage extends Error {}

function findIn(
  bytes: Buffer,
  start: number,
  end: number,
  message: WalkedMessage,
  prefix: string,
  messageOf: (name: string) => WalkedMessage,
): UnreadableField | undefined {
  const seen = new Map<number, number>();
  let at = start;
  const readVarint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      if (at >= end || shift > 63) throw new MalformedMessage();
      const byte = bytes[at++]!;
      if (shift < 49) value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  // Skips one field's value; a group (3) to its end-group tag (4), nested ones included.
  const skip = (wireType: number, groupNumber: number): void => {
    if (wireType === 0) readVarint();
    else if (wireType === 1) at += 8;
    else if (wireType === 5) at += 4;
    else if (wireType === 2) at += readVarint();
    else if (wireType === 3) {
      for (;;) {
        const tag = readVarint();
        if (tag % 8 === 4) {
          if (Math.floor(tag / 8) !== groupNumber) throw new MalformedMessage();
          return;
        }
        skip(tag % 8, Math.floor(tag / 8));
      }
    } else throw new MalformedMessage();
    if (at > end) throw new MalformedMessage();
  };
  while (at < end) {
    const tag = readVarint();
    const number = Math.floor(tag / 8);
    const wireType = tag % 8;
    const known = message.get(number);
    if (known !== undefined && wireType !== 2)
      return {
        field: `${prefix}${known.name}`,
        description: `has wire type ${wireType}: a ${known.messageType === undefined ? 'string' : 'message'} is length-delimited (2)`,
      };
    if (wireType !== 2) skip(wireType, number);
    else {
      const length = readVarint();
      const from = at;
      at += length;
      if (at > end) throw new MalformedMessage();
      const field = message.get(number);
      if (field === undefined) continue;
      const index = seen.get(number) ?? 0;
      seen.set(number, index + 1);
      const path = `${prefix}${field.name}${field.repeated ? `[${index}]` : ''}`;
      if (field.messageType === undefined) {
        if (!isUtf8(bytes.subarray(from, at))) return { field: path, description: notUtf8 };
      } else {
        const found = findIn(bytes, from, at, messageOf(field.messageType), `${path}.`, messageOf);
        if (found !== undefined) return found;
      }
    }
    if (at > end) throw new MalformedMessage();
  }
  return undefined;
}

/** The fields worth walking in a message type of the loaded definition (DescriptorProto field list). */
function toWalkedMessage(definition: PackageDefinition, typeName: string): WalkedMessage {
  const descriptor = (definition[typeName] as { type?: { field?: DescriptorField[] } } | undefined)?.type;
  const walked = new Map<number, WalkedField>();
  const packageName = typeName.slice(0, typeName.lastIndexOf('.'));
  for (const field of descriptor?.field ?? []) {
    const name = field.name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    const repeated = field.label === 'LABEL_REPEATED';
    if (field.type === 'TYPE_STRING') walked.set(field.number, { name, repeated });
    else if (field.type === 'TYPE_MESSAGE') {
      const relative = field.typeName.replace(/^\./, '');
      const messageType = relative in definition ? relative : `${packageName}.${relative}`;
      walked.set(field.number, { name, repeated, messageType });
    }
  }
  return walked;
}

interface DescriptorField {
  readonly name: string;
  readonly number: number;
  readonly label: string;
  readonly type: string;
  readonly typeName: string;
}

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

/** A message's path to the first string whose bytes are not UTF-8 (`items[1].name`), from its raw bytes. */
export type InvalidUtf8Finder = (bytes: Buffer) => string | undefined;

/**
 * Finds a string field of an encoded message whose bytes are not valid UTF-8, before protobufjs
 * decodes it: protobufjs (like any decoder) turns every invalid sequence into U+FFFD, so two
 * different inputs would become one string (one order id, one idempotency request). Walks the
 * wire format with the message types of `definition`; unknown fields and other wire types are
 * skipped, and a malformed message is left to protobufjs, which refuses it.
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
      if (error instanceof MalformedMessage) return undefined;
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
): string | undefined {
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
  while (at < end) {
    const tag = readVarint();
    const number = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (wireType === 0) readVarint();
    else if (wireType === 1) at += 8;
    else if (wireType === 5) at += 4;
    else if (wireType !== 2) throw new MalformedMessage();
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
        if (!isUtf8(bytes.subarray(from, at))) return path;
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

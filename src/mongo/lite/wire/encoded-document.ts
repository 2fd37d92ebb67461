import type { Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';
import { encodeDocument } from './bson-codec.js';

/**
 * A document already in BSON (a stored document's bytes): a reply that holds it copies the bytes
 * instead of encoding the document again. A 500-document cursor batch was mostly encoding.
 */
export class EncodedDocument {
  constructor(readonly bytes: Uint8Array) {}
}

/** `reply.cursor.firstBatch[i]` is three levels below the reply. */
const searchedLevels = 3;

/**
 * A reply as BSON. A cursor batch of EncodedDocuments (`{ cursor: { firstBatch: [...] } }`) is
 * written around their bytes; the reply's other fields are encoded as usual, one by one. Only the
 * first three levels are searched: that is where cursor replies keep their documents.
 */
export function encodeReplyDocument(reply: Document): Buffer {
  return holdsEncoded(reply, searchedLevels)
    ? Buffer.concat(documentParts(reply, searchedLevels))
    : encodeDocument(reply);
}

function holdsEncoded(value: unknown, levels: number): boolean {
  if (value instanceof EncodedDocument) return true;
  if (levels === 0) return false;
  if (Array.isArray(value)) return value.some((element) => holdsEncoded(element, levels - 1));
  if (!isPlainDocument(value)) return false;
  for (const key in value) if (holdsEncoded(value[key], levels - 1)) return true;
  return false;
}

/** A document (or an array, whose keys are its indexes) as a list of byte chunks. */
function documentParts(value: Document | unknown[], levels: number): Uint8Array[] {
  const length = Buffer.allocUnsafe(4);
  const parts: Uint8Array[] = [length];
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((element, index) => [String(index), element])
    : Object.entries(value);
  for (const [key, element] of entries) {
    if (element instanceof EncodedDocument) {
      parts.push(elementHead(0x03, key), element.bytes);
    } else if ((Array.isArray(element) || isPlainDocument(element)) && holdsEncoded(element, levels - 1)) {
      const inner = documentParts(element as Document, levels - 1);
      parts.push(elementHead(Array.isArray(element) ? 0x04 : 0x03, key), ...inner);
    } else {
      // One element, encoded in a document of its own, without that document's length and end.
      const alone = encodeDocument({ [key]: element });
      parts.push(alone.subarray(4, alone.length - 1));
    }
  }
  parts.push(Buffer.from([0]));
  length.writeInt32LE(
    parts.reduce((sum, part) => sum + part.length, 0),
    0,
  );
  return parts;
}

function elementHead(type: number, key: string): Buffer {
  const head = Buffer.allocUnsafe(1 + Buffer.byteLength(key) + 1);
  head[0] = type;
  head.write(key, 1);
  head[head.length - 1] = 0;
  return head;
}

import { deserialize, serialize, type Document } from 'bson';
import { checkBsonDepth } from './bson-depth.js';
import { refusePrototypeKeys } from './refuse-prototype-keys.js';

/**
 * Documents are read keeping every numeric type (Int32, Double, Long, Decimal128 wrappers), so
 * that what a client stored is what it reads back, type for type.
 */
export function decodeDocument(bytes: Uint8Array): Document {
  checkBsonDepth(bytes);
  return deserialize(bytes, {
    promoteValues: false,
    promoteLongs: false,
    promoteBuffers: false,
    validation: { utf8: false },
  });
}

/** A document a client sent: decoded, and refused if it names a field the engine cannot hold safely. */
export function decodeClientDocument(bytes: Uint8Array): Document {
  const document = decodeDocument(bytes);
  refusePrototypeKeys(bytes, document);
  return document;
}

export function encodeDocument(document: Document): Buffer {
  const bytes = serialize(document, { checkKeys: false, ignoreUndefined: true });
  // The bytes may be a view into a larger pooled buffer: keep only this document's range.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

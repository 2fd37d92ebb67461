import { BSONError, deserialize, type Document } from 'bson';
import { decodeClientDocument } from './bson-codec.js';
import { checkBsonDepth } from './bson-depth.js';
import { refusePrototypeKeys } from './refuse-prototype-keys.js';

/** Documents to insert, each with the bytes the client sent it as, until the insert takes them. */
const clientBytes = new WeakMap<Document, Uint8Array>();

/**
 * A document to insert, from an OP_MSG document sequence: decoded as every client document is,
 * and its bytes kept, so that the insert journals and stores them as they are instead of encoding
 * the document again. Only bytes whose strings are valid UTF-8 are kept: the document decoded
 * from other bytes holds replacement characters, which its bytes would not.
 */
export function decodeDocumentToInsert(bytes: Uint8Array): Document {
  checkBsonDepth(bytes);
  let document: Document;
  try {
    document = deserialize(bytes, {
      promoteValues: false,
      promoteLongs: false,
      promoteBuffers: false,
      validation: { utf8: true },
    });
  } catch (error) {
    if (error instanceof BSONError) return decodeClientDocument(bytes);
    throw error;
  }
  refusePrototypeKeys(bytes, document);
  clientBytes.set(document, bytes);
  return document;
}

/**
 * The bytes a document to insert was sent as, if known; forgotten once taken, since they are a
 * view of the whole message, which must not stay in memory with the stored document.
 */
export function takeClientBytes(document: Document): Uint8Array | undefined {
  const bytes = clientBytes.get(document);
  clientBytes.delete(document);
  return bytes;
}

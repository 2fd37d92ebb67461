import { serialize, type Document } from 'bson';
import { maxBsonObjectSize } from '../wire/wire-message.js';
import { checkDocumentSize, tooLargeToStore } from './document-size.js';

/**
 * The BSON a document is stored as: journalled and answered with these bytes, encoded once. The
 * bytes a client sent (an insert's) are used as they are; otherwise the document is encoded. A
 * document past mongod's 16 MiB limit is refused. The bytes get a buffer of their own: a view of
 * a message or of Node's shared pool would keep all of it in memory with the document.
 */
export function toStoredBson(document: Document, what: 'insert' | 'update', sent?: Uint8Array): Buffer {
  let encoded: Uint8Array;
  if (sent !== undefined) {
    encoded = sent;
  } else {
    try {
      encoded = serialize(document, { checkKeys: false, ignoreUndefined: true });
    } catch (error) {
      // The encoder's buffer holds 17 MB: a larger document fails there, and is refused by its size.
      checkDocumentSize(document, what);
      throw error;
    }
  }
  if (encoded.byteLength > maxBsonObjectSize) throw tooLargeToStore(encoded.byteLength, what);
  const bytes = Buffer.allocUnsafeSlow(encoded.byteLength);
  bytes.set(encoded);
  return bytes;
}

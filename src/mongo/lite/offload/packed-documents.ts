import { deserialize, serialize, type Document } from 'bson';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';
import type { RequestScope } from '../engine/request-scope.js';
import { collectInSlices } from '../engine/time-slices.js';

/**
 * Documents handed between threads as one buffer of consecutive BSON documents (each starts
 * with its length): one transfer, no per-document message, and every BSON type survives (a
 * structured clone would turn an ObjectId into a plain object).
 */
export function packDocument(document: Document): Uint8Array {
  try {
    return serialize(document, { checkKeys: false, ignoreUndefined: true });
  } catch (error) {
    throw new MongoCommandError(
      ErrorCode.BSONObjectTooLarge,
      `a document of this aggregation cannot be encoded as BSON (${(error as Error).message}); mongod limits documents to 16 MiB`,
    );
  }
}

/** Into a buffer of its own (never Node's shared pool), so that it can be transferred. */
export function concatPacked(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/**
 * `{ filter, limit }` around a filter's BSON bytes as the client sent them (a RawDocument's),
 * written directly: the filter is never decoded nor encoded on this thread.
 */
export function packFilterJob(filter: Uint8Array, limit: number): Uint8Array {
  const out = new Uint8Array(4 + 8 + filter.byteLength + 7 + 8 + 1);
  const view = new DataView(out.buffer);
  view.setInt32(0, out.byteLength, true);
  let at = 4;
  out[at++] = 0x03;
  out.set(Buffer.from('filter\0'), at);
  at += 7;
  out.set(filter, at);
  at += filter.byteLength;
  out[at++] = 0x01;
  out.set(Buffer.from('limit\0'), at);
  at += 6;
  view.setFloat64(at, limit, true);
  return out;
}

export function packDocuments(documents: readonly Document[]): Uint8Array {
  return concatPacked(documents.map(packDocument));
}

/** Decodes as query views: numbers as JS numbers, what mingo compares. */
export function* unpackDocuments(bytes: Uint8Array): Generator<Document> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < bytes.byteLength;) {
    const length = view.getInt32(at, true);
    yield deserialize(bytes.subarray(at, at + length), { promoteValues: true, validation: { utf8: false } });
    at += length;
  }
}

/** Packs documents for a worker, yielding to other connections while a large input is encoded. */
export async function packInSlices(documents: readonly Document[], scope: RequestScope): Promise<Uint8Array> {
  const packed = function* () {
    for (const document of documents) {
      scope.deadline.check();
      yield packDocument(document);
    }
  };
  return concatPacked(await collectInSlices(packed(), scope));
}

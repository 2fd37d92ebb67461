import type { Document } from 'bson';
import { decodeClientDocument } from './bson-codec.js';
import { checkBsonDepth, endOfValue } from './bson-depth.js';
import { RawDocument } from './raw-document.js';

/** Below this size a filter decodes in well under a millisecond slice: it is decoded as always. */
export const rawFilterBytes = 256 * 1024;

const prototypeMarker = Buffer.from('__proto__');

/**
 * A command's body section. A `find` whose filter is larger than `rawFilterBytes` keeps its
 * filter as a RawDocument, the client's bytes, for the worker thread that matches it (see
 * offload/raw-filter-selection.ts); the rest of the command is decoded as usual. A filter that
 * names `__proto__` anywhere is decoded, so that it is refused as every other command is.
 */
export function decodeCommandBody(bytes: Uint8Array): Document {
  const filter = bytes.length > rawFilterBytes ? findFilterElement(bytes) : undefined;
  if (filter === undefined) return decodeClientDocument(bytes);
  const value = bytes.subarray(filter.valueAt, filter.end);
  if (
    value.length <= rawFilterBytes ||
    Buffer.from(value.buffer, value.byteOffset, value.byteLength).indexOf(prototypeMarker) !== -1
  )
    return decodeClientDocument(bytes);
  checkBsonDepth(bytes);
  const rest = new Uint8Array(bytes.length - (filter.end - filter.at));
  rest.set(bytes.subarray(0, filter.at));
  rest.set(bytes.subarray(filter.end), filter.at);
  new DataView(rest.buffer).setInt32(0, rest.length, true);
  const body = decodeClientDocument(rest);
  // A view of the message: it is copied once, into the worker's job (offload/packed-documents.ts).
  body['filter'] = new RawDocument(value);
  return body;
}

/**
 * The top-level `filter` element of a `find` command (a document), by position: the element
 * starts at `at`, its value at `valueAt`, and it ends at `end`. Undefined for any other command.
 */
function findFilterElement(bytes: Uint8Array): { at: number; valueAt: number; end: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  for (let at = 4, first = true; at < bytes.length - 1; first = false) {
    const type = bytes[at]!;
    const nameEnd = bytes.indexOf(0, at + 1);
    if (type === 0 || nameEnd === -1) return undefined;
    const name = decoder.decode(bytes.subarray(at + 1, nameEnd));
    if (first && name !== 'find') return undefined;
    const valueAt = nameEnd + 1;
    const end =
      type === 0x03 || type === 0x04
        ? valueAt + (valueAt + 4 <= bytes.length ? view.getInt32(valueAt, true) : -1)
        : endOfValue(bytes, view, valueAt, type);
    if (end === undefined || end <= valueAt || end > bytes.length - 1) return undefined;
    if (name === 'filter') return type === 0x03 ? { at, valueAt, end } : undefined;
    at = end;
  }
  return undefined;
}

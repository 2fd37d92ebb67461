import type { Document } from 'bson';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';

const marker = Buffer.from('__proto__');

/**
 * Refuses a command whose documents name a field `__proto__` (alone or as a part of a dotted
 * path): in a JavaScript engine that name reaches an object's prototype, so storing it, setting
 * through it or copying it could change how every other document behaves, or crash the server.
 * mongod stores it as an ordinary field; this engine says plainly that it does not. The bytes
 * are searched first, so ordinary commands pay one native scan and nothing else.
 */
export function refusePrototypeKeys(bytes: Uint8Array, document: Document): void {
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(marker) === -1) return;
  const pending: Array<{ value: unknown; namesFields: boolean }> = [{ value: document, namesFields: false }];
  while (pending.length > 0) {
    const { value, namesFields } = pending.pop()!;
    if (typeof value === 'string' && namesFields) refuseName(value);
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) continue;
    if (Array.isArray(value)) {
      for (const element of value) pending.push({ value: element, namesFields: false });
      continue;
    }
    for (const key of Object.keys(value)) {
      refuseName(key);
      const child = (value as Document)[key];
      // `$rename: { from: 'to' }` and `$setField: { field: 'name' }` name fields in values too.
      if (fieldNamingOperators.has(key))
        for (const named of Object.values(child as Document)) pending.push({ value: named, namesFields: true });
      else pending.push({ value: child, namesFields: false });
    }
  }
}

const fieldNamingOperators = new Set(['$rename', '$setField', '$unsetField']);

function refuseName(name: string): void {
  if (!name.split('.').includes('__proto__')) return;
  throw new MongoCommandError(
    ErrorCode.BadValue,
    `The field name '${name}' is not supported by rtlab's embedded MongoDB: '__proto__' would reach a JavaScript prototype. Rename the field (a real mongod stores it).`,
  );
}

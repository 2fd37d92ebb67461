import type { Document } from 'bson';
import { toNumber } from '../bson/bson-values.js';
import type { ChangeLog } from './change-log.js';
import type { LiteCollection, StoredDocument } from './lite-collection.js';
import { ErrorCode, MongoCommandError } from './mongo-command-error.js';

const maxCappedBytes = 2 ** 50; // mongod: "size cannot exceed 1 PB"

/**
 * `create`'s capped options as mongod 7.0 keeps them (what listCollections shows): `size` rounded
 * up to a multiple of 256 bytes, `max` below 2^31 (0 or less: no maximum). Empty when not capped.
 */
export function cappedOptions(body: Document): Document {
  if (body['capped'] !== true) return {};
  if (body['size'] === undefined)
    throw new MongoCommandError(ErrorCode.InvalidOptions, "the 'size' field is required when 'capped' is true");
  const size = toNumber(body['size']);
  if (size === undefined) throw new MongoCommandError(ErrorCode.TypeMismatch, "'size' must be a number");
  if (size < 0) throw new MongoCommandError(ErrorCode.BadValue, 'size has to be >= 0');
  if (size > maxCappedBytes) throw new MongoCommandError(ErrorCode.BadValue, 'size cannot exceed 1 PB');
  const options: Document = { capped: true, size: Math.ceil(Math.trunc(size) / 256) * 256 };
  const max = toNumber(body['max']);
  if (max !== undefined) {
    if (max >= 2 ** 31)
      throw new MongoCommandError(ErrorCode.BadValue, 'max in a capped collection has to be < 2^31 or not set');
    options['max'] = max <= 0 ? 0x7fffffff : Math.trunc(max);
  }
  return options;
}

export function isCapped(collection: LiteCollection): boolean {
  return collection.options['capped'] === true;
}

/**
 * After an insert into a capped collection, deletes the oldest documents (natural order is
 * insertion order) while the collection holds more than `size` bytes of documents or more than
 * `max` documents; never the one just inserted. As in mongod ≥ 5.0 these are ordinary deletes:
 * journalled with the insert, and seen by change streams as `delete` events.
 */
export function makeRoomAfterInsert(collection: LiteCollection, changes: ChangeLog, inserted: StoredDocument): void {
  if (!isCapped(collection)) return;
  const size = Number(collection.options['size']);
  const max = Number(collection.options['max'] ?? 0);
  while (collection.dataBytes > size || (max > 0 && collection.size > max)) {
    const oldest = collection.all().next().value as StoredDocument | undefined;
    if (oldest === undefined || oldest === inserted) return;
    collection.remove(oldest);
    changes.record({
      operationType: 'delete',
      db: collection.db,
      coll: collection.name,
      documentKey: { _id: oldest.doc['_id'] },
    });
  }
}

import type { Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';
import { toKeyString } from '../bson/key-string.js';
import type { LiteCollection } from '../engine/lite-collection.js';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';

/**
 * Refuses a `hint` that names no index of the collection, by name or by key pattern, as mongod's
 * planner does: a typo in a hint is an error, not a silent collection scan. `{ $natural: ±1 }` and
 * an empty hint ask for no index; on a collection that does not exist there is nothing to plan.
 */
export function checkHint(collection: LiteCollection | undefined, hint: unknown): void {
  if (hint === undefined || collection === undefined) return;
  if (isPlainDocument(hint) && (Object.keys(hint).length === 0 || '$natural' in hint)) return;
  const specs = collection.indexSpecs();
  const exists =
    typeof hint === 'string'
      ? specs.some((spec) => spec.name === hint)
      : isPlainDocument(hint) && specs.some((spec) => sameKeyPattern(spec.key, hint));
  if (!exists)
    throw new MongoCommandError(
      ErrorCode.BadValue,
      `error processing query: ns=${collection.namespace} planner returned error :: caused by :: hint provided does not correspond to an existing index`,
    );
}

/** Same fields in the same order, directions equal whatever their number type (1, 1.0, Int32(1)). */
function sameKeyPattern(key: Document, hint: Document): boolean {
  return toKeyString(key) === toKeyString(hint);
}

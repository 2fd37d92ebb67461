import type { Document } from 'bson';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';
import { isPlainDocument } from './bson-values.js';

/**
 * mongod's nesting limit for stored documents (BSONDepth::getMaxDepthForUserStorage: its 200
 * wire limit less 20 levels kept for the envelopes it adds). The document itself is level 1 and
 * an empty sub-document or array does not count, as in mongod.
 */
export const maxStorageDepth = 180;

const isNonEmptyContainer = (value: unknown): value is Document | unknown[] =>
  Array.isArray(value) ? value.length > 0 : isPlainDocument(value) && Object.keys(value).length > 0;

/** Whether a document nests deeper than `limit`, found without recursion. */
function exceedsDepth(document: Document, limit: number): boolean {
  const pending: Array<[Document | unknown[], number]> = [[document, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [container, depth] = next;
    for (const inner of Array.isArray(container) ? container : Object.values(container)) {
      if (!isNonEmptyContainer(inner)) continue;
      if (depth + 1 > limit) return true;
      pending.push([inner, depth + 1]);
    }
  }
  return false;
}

/** Refuses a document nested deeper than mongod stores, with mongod's code (15) and message. */
export function checkDocumentDepth(document: Document, what: 'insert' | 'update'): void {
  if (!exceedsDepth(document, maxStorageDepth)) return;
  const message =
    what === 'insert'
      ? `cannot insert document because it exceeds ${maxStorageDepth} levels of nesting`
      : `Document exceeds maximum nesting depth of ${maxStorageDepth}`;
  throw new MongoCommandError(ErrorCode.Overflow, message);
}

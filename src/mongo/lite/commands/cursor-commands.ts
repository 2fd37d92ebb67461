import { Long, type Document } from 'bson';
import { bsonTypeOf } from '../bson/bson-values.js';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';
import { databaseOf, optionalNumber } from './command-arguments.js';
import type { CommandContext } from './command-context.js';

function toLong(value: unknown): Long {
  if (bsonTypeOf(value) === 'Long') return value as Long;
  if (typeof value === 'number' || typeof value === 'bigint') return Long.fromBigInt(BigInt(value));
  throw new MongoCommandError(ErrorCode.TypeMismatch, 'cursor id must be a 64-bit integer');
}

export function getMoreCommand(body: Document, context: CommandContext): Promise<Document> {
  const collection = body['collection'];
  if (typeof collection !== 'string')
    throw new MongoCommandError(ErrorCode.TypeMismatch, "Field 'collection' must be a string");
  return context.cursors.getMore(
    toLong(body['getMore']),
    `${databaseOf(body)}.${collection}`,
    optionalNumber(body, 'batchSize'),
    optionalNumber(body, 'maxTimeMS'),
  );
}

export function killCursorsCommand(body: Document, context: CommandContext): Document {
  const ids = Array.isArray(body['cursors']) ? body['cursors'] : [];
  const cursorsKilled: Long[] = [];
  const cursorsNotFound: Long[] = [];
  for (const raw of ids) {
    const id = toLong(raw);
    (context.cursors.kill(id.toBigInt()) ? cursorsKilled : cursorsNotFound).push(id);
  }
  return { cursorsKilled, cursorsNotFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}

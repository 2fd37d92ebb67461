import { Long, type Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';
import { toKeyString } from '../bson/key-string.js';

/** What a retryable write command names: its session and its transaction number on it. */
export interface RetryableWriteId {
  /** The session's `lsid.id`, as sent. */
  readonly sessionId: unknown;
  /** The session id as a canonical key string. */
  readonly sessionKey: string;
  readonly txnNumber: bigint;
}

/** The writes a driver retries once after a network error (the retryable-writes specification). */
const retryableCommands = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);

/**
 * The session and txnNumber of a retryable write, or undefined for any other command. Inside a
 * transaction (`autocommit: false`) txnNumber means something else; those are refused earlier.
 */
export function toRetryableWriteId(name: string, body: Document): RetryableWriteId | undefined {
  if (!retryableCommands.has(name)) return undefined;
  const lsid = body['lsid'];
  const txnNumber = toTxnNumber(body['txnNumber']);
  if (!isPlainDocument(lsid) || lsid['id'] === undefined || txnNumber === undefined) return undefined;
  return { sessionId: lsid['id'], sessionKey: toKeyString(lsid['id']), txnNumber };
}

export function toTxnNumber(value: unknown): bigint | undefined {
  if (value instanceof Long) return value.toBigInt();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'bigint') return value;
  return undefined;
}

/**
 * The statement id of the statement at `index`: the `stmtIds` a router sends, or its position
 * in the batch, as mongod numbers them.
 */
export function statementIdOf(body: Document, index: number): number {
  const ids = body['stmtIds'];
  const id = Array.isArray(ids) ? Number(ids[index]) : NaN;
  return Number.isInteger(id) ? id : index;
}

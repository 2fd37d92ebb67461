import type { Document } from 'bson';

/** mongod's error codes that the engine answers with. */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  MaxTimeMSExpired: 50,
  DollarPrefixedFieldName: 52,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  TransactionTooOld: 225,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  ExceededMemoryLimit: 146,
  NotImplemented: 238,
  OperationNotSupportedInTransaction: 263,
  QueryExceededMemoryLimitNoDiskUseAllowed: 292,
  Overflow: 15,
  ChangeStreamHistoryLost: 286,
  ClientDisconnect: 279,
  Unauthorized: 13,
  Location40324: 40324,
  Location40415: 40415,
  DuplicateKey: 11000,
  BSONObjectTooLarge: 10334,
  OutOfDiskSpace: 14031,
  Location31264: 31264,
  Location6108304: 6108304,
} as const;

const codeNames = Object.fromEntries(Object.entries(ErrorCode).map(([name, code]) => [code, name])) as Record<
  number,
  string
>;

/**
 * An error a command answers with `{ ok: 0, errmsg, code, codeName }`, as mongod does; the
 * connection and the server keep going.
 */
export class MongoCommandError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly extra: Document = {},
  ) {
    super(message);
  }

  get codeName(): string {
    return codeNames[this.code] ?? 'UnknownError';
  }

  toReply(): Document {
    return { ok: 0, errmsg: shortenForReply(this.message), code: this.code, codeName: this.codeName, ...this.extra };
  }
}

/** Longest error message sent: a 20 MB command name must not make a 20 MB reply. */
const maxMessageChars = 4096;

/** A text cut to a size that fits any reply, saying how much was left out. */
export function shortenForReply(text: string, maxChars = maxMessageChars): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters)`;
}

/** An option, operator or stage the engine does not implement: said plainly, never ignored. */
export function unsupported(what: string): MongoCommandError {
  return new MongoCommandError(
    ErrorCode.InvalidOptions,
    `${what} is not supported by rtlab's embedded MongoDB engine; use a real MongoDB (MONGO_URL or --mongo memory) for it`,
  );
}

/** A key value quoted in a duplicate-key error: long strings are cut, as the message is. */
export function shortenKeyValue(value: unknown): unknown {
  return typeof value === 'string' ? shortenForReply(value, 1024) : value;
}

/** How a duplicate-key message shows a value: JSON, cut to a readable length. */
export function quoteKeyValue(value: unknown): string {
  return shortenForReply(JSON.stringify(value) ?? String(value), 1024);
}

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
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  NotImplemented: 238,
  OperationNotSupportedInTransaction: 263,
  ChangeStreamHistoryLost: 286,
  Unauthorized: 13,
  Location40324: 40324,
  DuplicateKey: 11000,
} as const;

const codeNames = Object.fromEntries(Object.entries(ErrorCode).map(([name, code]) => [code, name])) as Record<number, string>;

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
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

/** An option, operator or stage the engine does not implement: said plainly, never ignored. */
export function unsupported(what: string): MongoCommandError {
  return new MongoCommandError(ErrorCode.InvalidOptions, `${what} is not supported by rtlab's embedded MongoDB engine; use a real MongoDB (MONGO_URL or --mongo memory) for it`);
}

/** What a service answers when the request's body could not be read. */
export interface BodyRefusal {
  readonly status: number;
  readonly error: string;
  readonly message: string;
}

/**
 * Maps what express's body parsers raise (http-errors: a 4xx `status`, `expose`, a `type`) to the
 * client's error: an unknown Content-Encoding or a corrupt gzip body is the client's mistake, not
 * the server's. Anything else (MongoDB, a bug) is undefined, for the caller's own handling.
 */
export function describeBodyError(error: unknown, limitBytes: number): BodyRefusal | undefined {
  const { status, expose, type } = error as { status?: unknown; expose?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return undefined;
  if (type === 'entity.too.large')
    return { status: 413, error: 'payload_too_large', message: `the body is larger than ${limitBytes / 1024} kB` };
  if (type === 'encoding.unsupported')
    return {
      status: 415,
      error: 'unsupported_encoding',
      message: 'Content-Encoding must be gzip, deflate, br or none',
    };
  if (type === 'charset.unsupported')
    return { status: 415, error: 'unsupported_charset', message: 'the charset must be utf-8' };
  if (type === 'entity.parse.failed')
    return { status: 400, error: 'invalid_json', message: 'the body is not valid JSON' };
  // A body that fails to decompress, a wrong Content-Length, a client that hung up mid-body.
  return {
    status: 400,
    error: 'unreadable_body',
    message: 'the body could not be read (a truncated or corrupt gzip, deflate or br body?)',
  };
}

import http2 from 'node:http2';

/**
 * A gRPC call over bare HTTP/2 that does not read what the server sends until told to: a client
 * whose process is stuck, or whose network is slow. A grpc-js client cannot stand for one: it
 * keeps taking messages off the connection into its own memory while its stream is paused, so
 * the server never sees it fall behind. Node's HTTP/2 stream stops acknowledging data once its
 * small buffer is full, and flow control holds the server's frames back.
 */
export interface FrozenGrpcReader {
  /** Resolves once the server sent its response headers (WatchOrders: once its feed is open). */
  readonly responded: Promise<void>;
  /** Sends one more request message (a bidirectional call). */
  write(message: Buffer): void;
  /** Reads again: the number of messages that were waiting, then the call's status from its trailers. */
  readToEnd(): Promise<{ messages: number; code: number; details: string }>;
  close(): void;
}

export function openFrozenGrpcReader(options: {
  target: string;
  path: string;
  token: string;
  /** The first request message, serialized (an empty Buffer for an empty message). */
  request: Buffer;
  /** Leaves the request stream open, for a bidirectional call. */
  keepOpen?: boolean;
}): FrozenGrpcReader {
  const session = http2.connect(`http://${options.target}`);
  session.on('error', () => undefined);
  const stream = session.request({
    ':method': 'POST',
    ':path': options.path,
    'content-type': 'application/grpc',
    te: 'trailers',
    authorization: `Bearer ${options.token}`,
  });
  stream.on('error', () => undefined);
  // gRPC's framing: an uncompressed flag byte, the length (4 bytes, big-endian), the message.
  const framed = (message: Buffer) => {
    const header = Buffer.alloc(5);
    header.writeUInt32BE(message.length, 1);
    return Buffer.concat([header, message]);
  };
  stream.write(framed(options.request));
  if (options.keepOpen !== true) stream.end();
  const response = new Promise<http2.IncomingHttpHeaders>((resolve) => stream.once('response', resolve));
  // A status with no message before it comes in the response headers ("trailers-only").
  const trailers = new Promise<http2.IncomingHttpHeaders>((resolve) => {
    stream.once('trailers', resolve);
    void response.then((headers) => headers['grpc-status'] !== undefined && resolve(headers));
  });
  return {
    responded: response.then(() => undefined),
    write: (message) => void stream.write(framed(message)),
    async readToEnd() {
      let pending = Buffer.alloc(0);
      let messages = 0;
      stream.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 5 && pending.length >= 5 + pending.readUInt32BE(1)) {
          pending = pending.subarray(5 + pending.readUInt32BE(1));
          messages++;
        }
      });
      if (options.keepOpen === true) stream.end();
      const ended = await trailers;
      return {
        messages,
        code: Number(ended['grpc-status']),
        details: decodeURIComponent(String(ended['grpc-message'] ?? '')),
      };
    },
    close: () => session.destroy(),
  };
}

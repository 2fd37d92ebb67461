import type { ClientReadableStream, ClientUnaryCall, Metadata, ServiceError } from '@grpc/grpc-js';
import protobuf from 'protobufjs';

/** A unary call as a promise: `invoke` receives the callback to pass to the generated method. */
export function unary<T>(
  invoke: (callback: (error: ServiceError | null, value?: T) => void) => ClientUnaryCall,
): Promise<T> {
  return new Promise((resolve, reject) => {
    invoke((error, value) => (error === null ? resolve(value as T) : reject(error)));
  });
}

/** The error a call failed with (the test fails if it succeeded). */
export async function failure(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('the call succeeded; a failure was expected');
}

/** Every message of a server stream, and how it ended. */
export function collect<T>(stream: ClientReadableStream<T>): Promise<{ messages: T[]; error?: ServiceError }> {
  const messages: T[] = [];
  return new Promise((resolve) => {
    stream.on('data', (message: T) => messages.push(message));
    stream.on('error', (error: ServiceError) => resolve({ messages, error }));
    stream.on('end', () => resolve({ messages }));
  });
}

/** Resolves when a stream receives its response headers. */
export function headersOf(stream: NodeJS.EventEmitter): Promise<Metadata> {
  return new Promise((resolve) => stream.once('metadata', resolve));
}

/**
 * The `grpc-status-details-bin` trailer decoded as google.rpc.Status + BadRequest, with
 * protobufjs and the published field numbers: an independent reader of what the server wrote.
 */
const richErrors = protobuf.Root.fromJSON({
  nested: {
    Any: { fields: { type_url: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
    Status: {
      fields: {
        code: { type: 'int32', id: 1 },
        message: { type: 'string', id: 2 },
        details: { rule: 'repeated', type: 'Any', id: 3 },
      },
    },
    FieldViolation: { fields: { field: { type: 'string', id: 1 }, description: { type: 'string', id: 2 } } },
    BadRequest: { fields: { field_violations: { rule: 'repeated', type: 'FieldViolation', id: 1 } } },
  },
});

export function decodeStatusDetails(error: ServiceError): {
  code: number;
  message: string;
  typeUrl: string;
  violations: Array<{ field: string; description: string }>;
} {
  const [bytes] = error.metadata.get('grpc-status-details-bin');
  if (!Buffer.isBuffer(bytes)) throw new Error('no grpc-status-details-bin trailer');
  const status = richErrors.lookupType('Status').toObject(richErrors.lookupType('Status').decode(bytes)) as {
    code: number;
    message: string;
    details: Array<{ type_url: string; value: Uint8Array }>;
  };
  const [any] = status.details;
  if (any === undefined) throw new Error('the status carries no details');
  const badRequest = richErrors
    .lookupType('BadRequest')
    .toObject(richErrors.lookupType('BadRequest').decode(any.value), {
      arrays: true,
    }) as { field_violations: Array<{ field: string; description: string }> };
  return { code: status.code, message: status.message, typeUrl: any.type_url, violations: badRequest.field_violations };
}

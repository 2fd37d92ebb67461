import type { ServiceDefinition } from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import { createInvalidUtf8Finder } from './find-invalid-utf8-field.js';

/**
 * What a request message decodes to when one of its strings is not UTF-8: no message, only the
 * field, so that the server call interceptor answers INVALID_ARGUMENT before any handler sees it
 * (a deserializer that throws would make grpc-js answer INTERNAL).
 */
export class InvalidUtf8Request {
  constructor(
    readonly field: string,
    readonly description: string,
  ) {}
}

/**
 * The service with each method's requests checked for invalid UTF-8 on their raw bytes before
 * protobufjs decodes them (find-invalid-utf8-field.ts). A copy: the loaded definition is shared
 * with the clients of this process.
 */
export function withCheckedRequestText(
  service: ServiceDefinition,
  definition: PackageDefinition,
  packageName: string,
): ServiceDefinition {
  const checked: Record<string, ServiceDefinition[string]> = {};
  for (const [name, method] of Object.entries(service)) {
    const requestType = (method as { requestType?: { type?: { name?: string } } }).requestType;
    const typeName = `${packageName}.${requestType?.type?.name}`;
    if (!(typeName in definition)) {
      checked[name] = method;
      continue;
    }
    const findInvalid = createInvalidUtf8Finder(definition, typeName);
    const deserialize = method.requestDeserialize;
    checked[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer) => {
        const unreadable = findInvalid(bytes);
        return unreadable === undefined
          ? deserialize(bytes)
          : new InvalidUtf8Request(unreadable.field, unreadable.description);
      },
    };
  }
  return checked;
}

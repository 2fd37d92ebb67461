import { bytesField, stringField, varintField } from './protobuf-wire.js';

/**
 * The standard rich error model on the wire: a `google.rpc.Status` carrying one
 * `google.rpc.BadRequest` in a `google.protobuf.Any`, as the `grpc-status-details-bin` trailer
 * that grpcurl, Postman and every language's status helpers decode. Written by hand from the
 * published field numbers (google/rpc/status.proto, error_details.proto, any.proto) rather than
 * from vendored .proto files: four small messages, two wire types.
 */

/** One invalid field: `field` is a path (`items[0].quantity`), `description` says what is wrong. */
export interface FieldViolation {
  readonly field: string;
  readonly description: string;
}

const badRequestTypeUrl = 'type.googleapis.com/google.rpc.BadRequest';

/** The bytes of `google.rpc.Status { code, message, details: [Any(BadRequest { field_violations })] }`. */
export function encodeBadRequestStatus(code: number, message: string, violations: readonly FieldViolation[]): Buffer {
  // FieldViolation { string field = 1; string description = 2; }
  const encodedViolations = violations.map((violation) =>
    Buffer.concat([stringField(1, violation.field), stringField(2, violation.description)]),
  );
  // BadRequest { repeated FieldViolation field_violations = 1; }
  const badRequest = Buffer.concat(encodedViolations.map((violation) => bytesField(1, violation)));
  // Any { string type_url = 1; bytes value = 2; }
  const any = Buffer.concat([stringField(1, badRequestTypeUrl), bytesField(2, badRequest)]);
  // Status { int32 code = 1; string message = 2; repeated Any details = 3; }
  return Buffer.concat([varintField(1, code), stringField(2, message), bytesField(3, any)]);
}

import { describe, expect, it } from 'vitest';
import { encodeBadRequestStatus } from '../server/encode-status-details.js';
import { readFieldViolations } from './read-field-violations.js';

describe('readFieldViolations', () => {
  it('reads back what the server writes in grpc-status-details-bin', () => {
    const violations = [
      { field: 'customer_email', description: 'must be an email address, got "x"' },
      { field: 'items[0].quantity', description: 'must be greater than 0, got 0 — ñ' },
    ];
    expect(readFieldViolations(encodeBadRequestStatus(3, 'invalid order', violations))).toEqual(violations);
  });

  it('finds none in a truncated or foreign status, rather than failing the report', () => {
    const encoded = encodeBadRequestStatus(3, 'invalid', [{ field: 'a', description: 'b' }]);
    expect(readFieldViolations(encoded.subarray(0, encoded.length - 3))).toEqual([]);
    expect(readFieldViolations(Buffer.from([0x08, 0x03]))).toEqual([]);
    expect(readFieldViolations(Buffer.from('not protobuf at all'))).toEqual([]);
  });
});

import type { FieldViolation } from './encode-status-details.js';

/**
 * Bytes of violations listed in one error: grpcio (Python, C++, Ruby…) refuses a response whose
 * metadata passes 8 KB by default, and the list travels twice there (in `grpc-message`,
 * percent-encoded, and in `grpc-status-details-bin`, base64): 100 bad items would be 46 KB.
 */
export const maxListedViolationBytes = 1500;

export interface ListedViolations {
  /** The first violations, in order, whose field and description fit in `maxBytes`. */
  readonly listed: readonly FieldViolation[];
  /** How many more there are. */
  readonly unlisted: number;
}

/** The first violations that fit in `maxBytes` (always at least one), and how many are left out. */
export function listViolations(
  violations: readonly FieldViolation[],
  maxBytes: number = maxListedViolationBytes,
): ListedViolations {
  let bytes = 0;
  let count = 0;
  for (const violation of violations) {
    bytes += Buffer.byteLength(violation.field) + Buffer.byteLength(violation.description) + 2;
    if (bytes > maxBytes && count > 0) break;
    count += 1;
  }
  return { listed: violations.slice(0, count), unlisted: violations.length - count };
}

/** `items[0].quantity must be greater than 0, got 0; …; and 97 more invalid fields`. */
export function describeViolations({ listed, unlisted }: ListedViolations): string {
  const parts = listed.map((violation) => `${violation.field} ${violation.description}`);
  if (unlisted > 0) parts.push(`and ${unlisted} more invalid ${unlisted === 1 ? 'field' : 'fields'}`);
  return parts.join('; ');
}

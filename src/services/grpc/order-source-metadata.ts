import type { Metadata } from '@grpc/grpc-js';
import type { OrderSource } from '../../lab-events.js';

/**
 * The metadata key through which a caller says which part of the lab it speaks for: the HTTP
 * bridge sends `http`, so that orders it creates or moves are stored and published with
 * source `http`. Absent (or anything else): `grpc`.
 */
export const orderSourceMetadataKey = 'x-rtlab-order-source';

const accepted: readonly OrderSource[] = ['grpc', 'http', 'cli'];

/** The source a call's changes are recorded with. */
export function readOrderSource(metadata: Metadata): OrderSource {
  const [value] = metadata.get(orderSourceMetadataKey);
  return accepted.find((source) => source === value) ?? 'grpc';
}

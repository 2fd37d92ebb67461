/**
 * The order an event is about: `data.orderId` of its body (`{ type, data, createdAt }`, as sent
 * or as the receiver stored it), when that is a non-empty string.
 */
export function toOrderId(body: unknown): string | undefined {
  const data = isRecord(body) ? body['data'] : undefined;
  const orderId = isRecord(data) ? data['orderId'] : undefined;
  return typeof orderId === 'string' && orderId !== '' ? orderId : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

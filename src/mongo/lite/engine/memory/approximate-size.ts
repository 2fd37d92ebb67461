/**
 * A value's approximate in-memory size, as mongod's `Value::getApproximateSize` estimates it
 * (16 bytes per value plus strings' and field names' characters), counted without recursion so
 * that a value nested a million levels deep is measured rather than overflowing the stack.
 * Stops counting once past `limit`: the caller only needs to know it is too large.
 */
export function approximateSize(root: unknown, limit = Infinity): number {
  let bytes = 0;
  const pending: unknown[] = [root];
  while (pending.length > 0 && bytes <= limit) {
    const value = pending.pop();
    bytes += 16;
    if (typeof value === 'string') bytes += value.length;
    else if (value instanceof Uint8Array) bytes += value.byteLength;
    else if (Array.isArray(value)) for (const element of value) pending.push(element);
    else if (value !== null && typeof value === 'object' && !('_bsontype' in value) && !(value instanceof Date)) {
      for (const [key, inner] of Object.entries(value)) {
        bytes += key.length;
        pending.push(inner);
      }
    }
  }
  return bytes;
}

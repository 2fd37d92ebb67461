import { describe, expect, it } from 'vitest';
import { findJsonPathMismatch, readJsonPath } from './json-path.js';

const order = {
  status: 'sent',
  count: 2,
  items: [
    { sku: 'A-1', qty: 1 },
    { sku: 'B-2', qty: 3 },
  ],
  'odd key': true,
};

describe('JSONPath', () => {
  it('reads names, indexes, quoted names and wildcards', () => {
    expect(readJsonPath('$', order)).toBe(order);
    expect(readJsonPath('$.status', order)).toBe('sent');
    expect(readJsonPath('$.items[1].sku', order)).toBe('B-2');
    expect(readJsonPath("$['odd key']", order)).toBe(true);
    expect(readJsonPath('$.items[*].sku', order)).toEqual(['A-1', 'B-2']);
    expect(readJsonPath('$.items[5].sku', order)).toBeUndefined();
  });

  it('checks each path as a subset, operators included, and says where a check fails', () => {
    expect(
      findJsonPathMismatch(
        { '$.count': 2, '$.items[*].sku': ['A-1', 'B-2'], '$.items[1]': { qty: { $gte: 2 } } },
        order,
      ),
    ).toBeUndefined();
    expect(findJsonPathMismatch({ '$.missing': { $exists: false } }, order)).toBeUndefined();
    expect(findJsonPathMismatch({ '$.count': 3 }, order)).toBe('$.count: expected 3, received 2 (found 2)');
    expect(findJsonPathMismatch({ '$.nope': 1 }, order)).toBe('$.nope: nothing there');
    expect(findJsonPathMismatch({ '$.items(0)': 1 }, order)).toMatch(/^\$\.items\(0\): cannot read "\(0\)"/);
  });
});

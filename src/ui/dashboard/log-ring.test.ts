import { describe, expect, it } from 'vitest';
import { LogRing } from './log-ring.js';

describe('LogRing', () => {
  it('keeps only the newest items, oldest first, whatever was pushed', () => {
    const ring = new LogRing<number>(3);
    for (let n = 1; n <= 10; n++) ring.push(n);
    expect(ring.size).toBe(3);
    expect(ring.total).toBe(10);
    expect(ring.latest(5)).toEqual([8, 9, 10]);
    expect(ring.latest(2)).toEqual([9, 10]);
  });

  it('filters from the newest back', () => {
    const ring = new LogRing<number>(10);
    for (let n = 1; n <= 7; n++) ring.push(n);
    expect(ring.latest(2, (n) => n % 2 === 1)).toEqual([5, 7]);
    expect(ring.latest(10, (n) => n > 100)).toEqual([]);
  });

  it('puts an item pushed late at its place in order, and drops one older than all it keeps', () => {
    const ring = new LogRing<number>(4);
    for (const n of [10, 20, 40]) ring.pushInOrder(n, (a, b) => a - b);
    ring.pushInOrder(30, (a, b) => a - b);
    expect(ring.latest(10)).toEqual([10, 20, 30, 40]);
    ring.pushInOrder(15, (a, b) => a - b);
    expect(ring.latest(10)).toEqual([15, 20, 30, 40]);
    ring.pushInOrder(5, (a, b) => a - b);
    expect(ring.latest(10)).toEqual([15, 20, 30, 40]);
    expect(ring.total).toBe(6);
  });
});

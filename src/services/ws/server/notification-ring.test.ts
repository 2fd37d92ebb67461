import { describe, expect, it } from 'vitest';
import type { NotificationUpdate } from '../../../lab-events.js';
import { NotificationRing } from './notification-ring.js';

const at = (seq: number): NotificationUpdate => ({
  orderId: `ord_${seq}`,
  status: 'paid',
  source: 'grpc',
  eventId: `evt_${seq}`,
  at: '2026-11-29T10:00:00.000Z',
  seq,
});
const seqs = (updates: readonly NotificationUpdate[]) => updates.map((update) => update.seq);
const newestFirst = (...positions: number[]) => positions.map(at);

describe('NotificationRing', () => {
  it('vouches for everything above the one stored notification it could not hold', () => {
    // Loaded with the newest capacity + 1 stored: 9 is stored but not held.
    const ring = NotificationRing.filled(3, newestFirst(14, 12, 11, 9));
    expect(ring.from).toBe(9);
    expect(seqs(ring.after(9, Infinity, 10))).toEqual([11, 12, 14]);
    expect(ring.countBetween(9, 12)).toBe(2);
    expect(seqs(ring.newest(2, 13))).toEqual([12, 11]);
    // Fewer stored than it holds: it vouches for every position.
    expect(NotificationRing.filled(3, newestFirst(2, 1)).from).toBe(0);
  });

  it('moves its floor to each notification that leaves it, and never holds more than its capacity', () => {
    const ring = NotificationRing.filled(3, []);
    for (const seq of [1, 2, 4, 5, 7]) ring.append(at(seq));
    expect(ring.size).toBe(3);
    expect(ring.from).toBe(2);
    expect(seqs(ring.after(2, Infinity, 10))).toEqual([4, 5, 7]);
    expect(seqs(ring.after(4, 6, 10))).toEqual([5]);
    expect(seqs(ring.after(2, Infinity, 2))).toEqual([4, 5]);
  });

  it('stops vouching up to a position whose write failed, and for anything out of order', () => {
    const ring = NotificationRing.filled(10, []);
    for (const seq of [1, 2, 3]) ring.append(at(seq));
    ring.forgetUpTo(4);
    // The batch around the failed position is broadcast afterwards: only what is above it is held.
    for (const seq of [3, 5]) ring.append(at(seq));
    expect(ring.from).toBe(4);
    expect(seqs(ring.after(4, Infinity, 10))).toEqual([5]);
    // A position lower than the newest cannot be placed: the ring vouches only for what comes next.
    ring.append(at(6));
    ring.append(at(6));
    expect(ring.from).toBe(6);
    expect(ring.size).toBe(0);
    ring.append(at(8));
    expect(seqs(ring.after(6, Infinity, 10))).toEqual([8]);
    expect(ring.countBetween(6, 8)).toBe(1);
  });
});

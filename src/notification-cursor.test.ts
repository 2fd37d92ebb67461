import { describe, expect, it } from 'vitest';
import { NotificationCursor } from './notification-cursor.js';

const at = (seq: number) => ({
  orderId: `ord_${seq}`,
  status: 'paid' as const,
  source: 'grpc' as const,
  eventId: `evt_${seq}`,
  at: '2026-11-28T10:00:00.000Z',
  seq,
});

describe('NotificationCursor', () => {
  it('sends no position before it saw anything, then the last seq seen, and drops what it saw already', () => {
    const cursor = new NotificationCursor();
    expect(cursor.toAuth()).toEqual({});
    cursor.startFrom([]);
    expect(cursor.toAuth()).toEqual({ lastSeq: 0 });
    expect([at(1), at(2), at(2), at(1), at(5)].map((update) => cursor.accept(update))).toEqual([
      true,
      true,
      false,
      false,
      true,
    ]);
    expect(cursor.toAuth()).toEqual({ lastSeq: 5 });
  });

  it('starts again from the newest of notifications:recent, even below where it was (a reset after a wiped database)', () => {
    const cursor = new NotificationCursor();
    cursor.accept(at(900));
    cursor.startFrom([at(12), at(11), at(10)]);
    expect(cursor.toAuth()).toEqual({ lastSeq: 12 });
    expect(cursor.accept(at(13))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

/** A clock the test moves by hand. */
function manualClock(startMs = 1_000_000) {
  let nowMs = startMs;
  return { now: () => nowMs, advance: (ms: number) => void (nowMs += ms) };
}

/** How many of `count` events in a row the bucket lets through. */
function takeMany(bucket: TokenBucket, count: number): number {
  let taken = 0;
  for (let i = 0; i < count; i++) if (bucket.take()) taken++;
  return taken;
}

describe('the per-socket token bucket', () => {
  it('lets a burst of `capacity` events through at once, then refuses', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(5, 1, clock.now);
    expect(takeMany(bucket, 5)).toBe(5);
    expect(bucket.take()).toBe(false);
  });

  it('refills at perSecond: one event more per 1/perSecond, none before', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(2, 10, clock.now);
    takeMany(bucket, 2);
    clock.advance(99);
    expect(bucket.take()).toBe(false);
    clock.advance(1);
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    clock.advance(150);
    expect(bucket.take()).toBe(true);
    // The half token left over from those 150 ms is kept, not lost.
    clock.advance(50);
    expect(bucket.take()).toBe(true);
  });

  it('never holds more than capacity, however long the socket was quiet', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(3, 100, clock.now);
    clock.advance(60_000);
    expect(takeMany(bucket, 10)).toBe(3);
  });

  it('counts refusals in a row, and forgets them at the next accepted event', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(1, 1, clock.now);
    bucket.take();
    takeMany(bucket, 3);
    expect(bucket.refusedInARow).toBe(3);
    clock.advance(1000);
    expect(bucket.take()).toBe(true);
    expect(bucket.refusedInARow).toBe(0);
    bucket.take();
    expect(bucket.refusedInARow).toBe(1);
  });

  it('keeps buckets apart: one socket flooding does not drain another', () => {
    const clock = manualClock();
    const flooding = new TokenBucket(2, 1, clock.now);
    const quiet = new TokenBucket(2, 1, clock.now);
    takeMany(flooding, 50);
    expect(takeMany(quiet, 2)).toBe(2);
  });
});

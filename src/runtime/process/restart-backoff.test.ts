import { describe, expect, it } from 'vitest';
import { toRestartDelayMs } from './restart-backoff.js';

describe('toRestartDelayMs', () => {
  it('doubles from half a second for each crash in a row, capped at 10 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 40].map(toRestartDelayMs)).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ]);
  });
});

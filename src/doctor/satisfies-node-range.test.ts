import { describe, expect, it } from 'vitest';
import { satisfiesNodeRange } from './satisfies-node-range.js';

const engines = '^20.19.0 || ^22.12.0 || >=24.0.0';

describe('satisfiesNodeRange', () => {
  it.each([
    ['v20.19.0', true],
    ['v20.20.2', true],
    ['v20.18.3', false],
    ['v21.7.0', false],
    ['v22.11.0', false],
    ['v22.12.0', true],
    ['v23.0.0', false],
    ['v24.0.0', true],
    ['v26.1.0', true],
    ['not a version', false],
  ])('%s → %s', (version, expected) => {
    expect(satisfiesNodeRange(version, engines)).toBe(expected);
  });
});

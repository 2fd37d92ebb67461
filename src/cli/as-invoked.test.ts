import { describe, expect, it } from 'vitest';
import { asInvoked } from './as-invoked.js';

describe('asInvoked', () => {
  const npx = { npm_command: 'exec' };

  it('names commands as npx rtlab under npx, where a bare rtlab is not on the PATH', () => {
    expect(asInvoked('Start one with rtlab up -d, then rtlab status.', npx)).toBe(
      'Start one with npx rtlab up -d, then npx rtlab status.',
    );
    expect(asInvoked('Run `rtlab serve --help`.', npx)).toBe('Run `npx rtlab serve --help`.');
  });

  it('leaves commands that already say npx, paths and words alone', () => {
    expect(asInvoked('npx rtlab up; see ~/.rtlab/logs and rtlab-lab.log; rtlab.', npx)).toBe(
      'npx rtlab up; see ~/.rtlab/logs and rtlab-lab.log; rtlab.',
    );
  });

  it('changes nothing when rtlab was run directly', () => {
    expect(asInvoked('Run rtlab status.', {})).toBe('Run rtlab status.');
  });
});

import { describe, expect, it } from 'vitest';
import type { ServiceDefinition } from '../../services/registry/service-definition.js';
import { selectLabParts, toStartWaves } from './select-lab-parts.js';

const names = (waves: readonly (readonly ServiceDefinition[])[]) => waves.map((wave) => wave.map((s) => s.name));

describe('selectLabParts', () => {
  it('starts every profile by default, each service after those it needs', () => {
    const selection = selectLabParts([]);
    expect(selection.profiles).toEqual(['webhooks', 'grpc', 'websockets']);
    expect(names(selection.waves)).toEqual([
      ['ws-server'],
      ['webhooks-receiver', 'grpc-server', 'ws-client'],
      ['webhooks-sender', 'grpc-bridge'],
    ]);
    expect(selection.oneShots.map((oneShot) => oneShot.name)).toEqual(['grpc-client']);
  });

  it('does not wait for a service outside the chosen profiles', () => {
    const selection = selectLabParts(['webhooks']);
    expect(names(selection.waves)).toEqual([['webhooks-receiver'], ['webhooks-sender']]);
    expect(selection.oneShots).toEqual([]);
  });

  it('refuses an "after" that goes round', () => {
    const part = (name: string, after: string[]) => ({ name, after }) as unknown as ServiceDefinition;
    expect(() => toStartWaves([part('a', ['b']), part('b', ['a'])])).toThrow(/goes round: a → b → a/);
  });
});

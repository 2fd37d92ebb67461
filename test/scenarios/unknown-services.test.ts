import { describe, expect, it } from 'vitest';
import { findUnknownServices } from '../../src/scenarios/load/find-unknown-services.js';
import { findPosition, parseScenarioFile } from '../../src/scenarios/load/parse-scenario-file.js';
import { labParts } from '../../src/services/registry.js';

const text = [
  'id: typo',
  'title: { es: x, en: x }',
  'explain: { es: x, en: x }',
  'profiles: [webhooks]',
  'steps:',
  '  - id: one',
  '    title: { es: x, en: x }',
  '    do: { service: { stop: webhook-receiver } }',
  '    expect:',
  '      - log: { service: webhooks-receiver, match: ok }',
  '      - chain:',
  '          id: x',
  '          hops:',
  '            - log: { service: ws-sever, match: a }',
  '            - log: { service: ws-server, match: b }',
  '',
].join('\n');

describe('rtlab scenario validate: service names against the registry', () => {
  it('finds the unknown names in faults, log expectations and chain hops, with their line and column', () => {
    const known = new Set(labParts.map((part) => part.name));
    const unknown = findUnknownServices(parseScenarioFile('typo.yaml', text), known);
    expect(unknown.map(({ path, name }) => ({ path: path.join('.'), name, ...findPosition(text, path) }))).toEqual([
      { path: 'steps.0.do.service.stop', name: 'webhook-receiver', line: 8, column: 28 },
      { path: 'steps.0.expect.1.chain.hops.0.log.service', name: 'ws-sever', line: 14, column: 31 },
    ]);
  });
});

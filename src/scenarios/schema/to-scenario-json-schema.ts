import { z } from 'zod';
import { actionSchema } from './action-schema.js';
import { durationSchema } from './duration.js';
import { countSchema, expectationSchema } from './expectation-schema.js';
import { localizedSchema } from './localized.js';
import { scenarioSchema, stepSchema } from './scenario-schema.js';

/**
 * The JSON Schema of a scenario file, for editors (`# yaml-language-server: $schema=…`): draft-07,
 * which the YAML language server reads, of the input side (durations as written, strict objects
 * closed, so an unknown key is flagged as the typo it is). Written to `labs/scenario.schema.json`
 * by `npm run scenario:schema`; a test keeps that file fresh.
 */
export function toScenarioJsonSchema(): string {
  // A registry of our own (not zod's global one): the shared parts become named definitions.
  const names = z.registry<{ id: string; description: string }>();
  names.add(localizedSchema, { id: 'localized', description: 'The same text in Spanish (es) and English (en).' });
  names.add(durationSchema, { id: 'duration', description: 'A duration: 500ms, 5s, 1m, or milliseconds.' });
  names.add(countSchema, { id: 'count', description: 'How many: a number, or { eq, gte, lte }.' });
  names.add(actionSchema, { id: 'action', description: 'What the step does: exactly one action.' });
  names.add(expectationSchema, { id: 'expectation', description: 'One check: exactly one kind.' });
  names.add(stepSchema, { id: 'step', description: 'An action and the checks of what it caused.' });
  const schema = z.toJSONSchema(scenarioSchema, {
    target: 'draft-07',
    io: 'input',
    metadata: names,
  });
  return `${JSON.stringify({ ...schema, title: 'rtlab scenario' }, null, 2)}\n`;
}

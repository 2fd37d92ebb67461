// Writes labs/scenario.schema.json from the zod schema of scenario files (src/scenarios/schema),
// built first into dist/: editors read the JSON Schema, rtlab reads the zod one, and
// test/scenarios/scenario-json-schema.test.ts fails when the two drift apart.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const { toScenarioJsonSchema } = await import('../dist/scenarios/schema/to-scenario-json-schema.js');
writeFileSync('labs/scenario.schema.json', toScenarioJsonSchema());
process.stdout.write('Wrote labs/scenario.schema.json\n');

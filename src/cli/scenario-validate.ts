import type { CliContext } from './cli-context.js';
import { loadScenarioFile } from '../scenarios/load/find-scenarios.js';
import { toDidYouMean } from './suggest-similar.js';

/**
 * `rtlab scenario validate`: each file against the schema, then the service names its `log`
 * expectations and faults use against the lab's registry (file:line:column for each problem).
 */
export async function validateScenarioFiles(context: CliContext, files: readonly string[]): Promise<void> {
  const [{ labParts }, { findUnknownServices }, { findPosition }, { ScenarioFileError }] = await Promise.all([
    import('../services/registry.js'),
    import('../scenarios/load/find-unknown-services.js'),
    import('../scenarios/load/parse-scenario-file.js'),
    import('../scenarios/load/scenario-file-error.js'),
  ]);
  const known = [...new Set(labParts.map((part) => part.name))];
  for (const file of files) {
    const { scenario, text } = loadScenarioFile(file);
    const unknown = findUnknownServices(scenario, new Set(known));
    if (unknown.length > 0)
      throw new ScenarioFileError(
        file,
        unknown.map(({ path, name }) => ({
          ...findPosition(text, path),
          path: path.join('.'),
          message: [
            `no lab service is named "${name}".`,
            toDidYouMean(name, known),
            `The services are ${known.join(', ')}.`,
          ]
            .filter(Boolean)
            .join(' '),
        })),
      );
    const steps = scenario.steps.length;
    context.stdout.write(`✓ ${file}: scenario "${scenario.id}", ${steps} ${steps === 1 ? 'step' : 'steps'}\n`);
  }
}

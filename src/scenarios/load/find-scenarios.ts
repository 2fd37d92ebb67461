import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import type { Scenario } from '../schema/scenario-schema.js';
import { parseScenarioFile } from './parse-scenario-file.js';

/** A scenario and the file it came from. */
export interface LoadedScenario {
  readonly file: string;
  readonly scenario: Scenario;
  /** The file's text as it was parsed (what `--watch` compares a save with). */
  readonly text: string;
}

/** Reads and checks one scenario file. */
export function loadScenarioFile(file: string): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read the scenario file ${file}: ${(error as NodeJS.ErrnoException).code ?? error}.`, {
      hint: 'Give the path of a .yaml scenario, or an id from rtlab scenario list.',
    });
  }
  return { file, scenario: parseScenarioFile(file, text), text };
}

/** Every scenario in the folders (`*.yaml`, `*.yml`), in file-name order; an id defined twice is an error. */
export function loadScenarioFolders(folders: readonly string[]): LoadedScenario[] {
  const loaded: LoadedScenario[] = [];
  for (const folder of folders) {
    if (!existsSync(folder) || !statSync(folder).isDirectory())
      throw new UsageError(`The labs folder ${folder} does not exist.`, {
        hint: 'Give --labs a folder of .yaml scenarios.',
      });
    const files = readdirSync(folder)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort();
    for (const name of files) loaded.push(loadScenarioFile(path.join(folder, name)));
  }
  const byId = new Map<string, string>();
  for (const { file, scenario } of loaded) {
    const other = byId.get(scenario.id);
    if (other !== undefined)
      throw new UsageError(`Two scenarios have the id "${scenario.id}": ${other} and ${file}.`, {
        hint: 'Give one of them another id (ids name scenarios on the command line).',
      });
    byId.set(scenario.id, file);
  }
  return loaded;
}

/** Whether a command-line word names a file rather than a scenario id. */
export function isScenarioPath(word: string): boolean {
  return /\.ya?ml$/.test(word) || word.includes('/') || word.includes(path.sep);
}

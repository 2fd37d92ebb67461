import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioFileError } from '../../src/scenarios/load/scenario-file-error.js';
import { parseScenarioFile } from '../../src/scenarios/load/parse-scenario-file.js';
import { toScenarioJsonSchema } from '../../src/scenarios/schema/to-scenario-json-schema.js';

const labs = path.join(import.meta.dirname, '../../labs');

const valid = `id: demo
title: { es: Demo, en: Demo }
explain: { es: Una demo, en: A demo }
profiles: [webhooks]
steps:
  - id: send
    title: { es: Enviar, en: Send }
    do:
      http: { method: GET, url: "{{services.webhooks-sender.url}}/send" }
    expect:
      - http: { status: 200 }
      - log: { service: webhooks-receiver, match: "Handling order.created event", count: 2, within: 5s }
`;

function problemsOf(text: string) {
  try {
    parseScenarioFile('lab.yaml', text);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioFileError);
    return { problems: (error as ScenarioFileError).problems, message: (error as Error).message };
  }
  throw new Error('the file was accepted');
}

describe('scenario files', () => {
  it('reads a valid file, durations in milliseconds', () => {
    const scenario = parseScenarioFile('lab.yaml', valid);
    expect(scenario.steps[0]!.expect[1]!.log).toMatchObject({ count: 2, within: 5000 });
  });

  it('says a missing key is required, not that undefined is of the wrong type', () => {
    const { problems } = problemsOf(valid.replace('explain: { es: Una demo, en: A demo }\n', ''));
    expect(problems).toContainEqual(expect.objectContaining({ path: 'explain', message: 'is required (object)' }));
  });

  it('refuses a file whose aliases would expand without bound (a "billion laughs"), with its name', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const name of 'bcdefghi') {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const { problems } = problemsOf(`${valid}vars:\n${levels.map((level) => `  ${level}`).join('\n')}\n`);
    expect(problems).toEqual([expect.objectContaining({ line: 1, column: 1, path: '' })]);
    expect(problems[0]!.message).toMatch(/^cannot be read: /);
  });

  it('names an unknown key (a typo) with its line and column', () => {
    const { problems, message } = problemsOf(
      valid.replace('      - http: { status: 200 }', '      - htpp: { status: 200 }'),
    );
    expect(problems).toEqual([
      { line: 11, column: 9, path: 'steps.0.expect.0.htpp', message: 'unknown key "htpp" (a typo?)' },
    ]);
    expect(message).toContain('lab.yaml:11:9 steps.0.expect.0.htpp: unknown key "htpp" (a typo?)');
  });

  it('names a wrong value where it is, and a missing key at its parent', () => {
    const text = valid
      .replace('within: 5s', 'within: soon')
      .replace('profiles: [webhooks]', 'profiles: [webhook]')
      .replace('    title: { es: Enviar, en: Send }\n', '');
    const { problems } = problemsOf(text);
    const logLine = text.split('\n')[10]!;
    expect(problems).toContainEqual(expect.objectContaining({ line: 4, column: 12, path: 'profiles.0' }));
    expect(problems).toContainEqual(
      expect.objectContaining({
        line: 11,
        column: logLine.indexOf('soon') + 1,
        path: 'steps.0.expect.1.log.within',
        message: 'must be a duration such as 500ms, 5s or 1m',
      }),
    );
    expect(problems).toContainEqual(expect.objectContaining({ line: 6, column: 5, path: 'steps.0.title' }));
    expect(problems).toHaveLength(3);
  });

  it('refuses a step with two actions, and a YAML syntax error with its position', () => {
    const twoActions = problemsOf(
      valid.replace('      http: { method: GET', '      wait: 1s\n      http: { method: GET'),
    );
    expect(twoActions.problems).toContainEqual(
      expect.objectContaining({
        line: 9,
        column: 7,
        path: 'steps.0.do',
        message:
          'do takes exactly one of http, webhook, ws, mongo, cli, grpc, wait, service, receiver; found http and wait',
      }),
    );
    const syntax = problemsOf('id: demo\nsteps: [\n');
    expect(syntax.problems[0]).toMatchObject({ line: 3, path: '' });
  });

  it('ships a JSON Schema generated from the zod schema (npm run scenario:schema), referenced by every lab', () => {
    const shipped = JSON.parse(readFileSync(path.join(labs, 'scenario.schema.json'), 'utf8')) as unknown;
    expect(shipped).toEqual(JSON.parse(toScenarioJsonSchema()));
    for (const name of readdirSync(labs).filter((file) => file.endsWith('.yaml'))) {
      const text = readFileSync(path.join(labs, name), 'utf8');
      expect(text.split('\n')[0], name).toBe('# yaml-language-server: $schema=./scenario.schema.json');
      expect(parseScenarioFile(name, text).id).toBe(name.replace(/\.yaml$/, ''));
    }
  });
});

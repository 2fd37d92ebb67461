import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { scenarioSchema, type Scenario } from '../schema/scenario-schema.js';
import { ScenarioFileError, type ScenarioProblem } from './scenario-file-error.js';

/**
 * A scenario from the text of its YAML file: parsed, then checked against the schema. Every
 * problem is reported with its line and column (of the offending value, or of the unknown key,
 * or of the nearest enclosing node when a required key is missing) and its path.
 */
export function parseScenarioFile(file: string, text: string): Scenario {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (document.errors.length > 0)
    throw new ScenarioFileError(
      file,
      document.errors.map((error) => ({
        line: error.linePos?.[0].line ?? 1,
        column: error.linePos?.[0].col ?? 1,
        path: '',
        message: error.message.split('\n')[0] ?? error.message,
      })),
    );
  const parsed = scenarioSchema.safeParse(toPlainValue(file, document));
  if (parsed.success) return parsed.data;
  // A typo in an alternative's key (`htpp:`) also leaves "needs one of": the typo says it better.
  const typoAt = new Set(
    parsed.error.issues.filter((issue) => issue.code === 'unrecognized_keys').map((issue) => issue.path.join('.')),
  );
  const issues = parsed.error.issues.filter((issue) => issue.code !== 'custom' || !typoAt.has(issue.path.join('.')));
  throw new ScenarioFileError(
    file,
    issues.flatMap((issue) => toProblems(issue, document, lineCounter)),
  );
}

/** Where a path of the file's document is, for a problem found after the schema (an unknown service). */
export function findPosition(text: string, path: readonly (string | number)[]): { line: number; column: number } {
  const lineCounter = new LineCounter();
  return positionOf(parseDocument(text, { lineCounter }), path, lineCounter);
}

/**
 * The document as plain values. yaml refuses aliases that would expand without bound (a "billion
 * laughs" file), and a nesting deep enough exhausts the stack: the file is refused for it.
 */
function toPlainValue(file: string, document: Document): unknown {
  try {
    return document.toJS();
  } catch (error) {
    const reason = error instanceof RangeError ? 'it nests too deeply' : (error as Error).message;
    throw new ScenarioFileError(file, [{ line: 1, column: 1, path: '', message: `cannot be read: ${reason}` }]);
  }
}

function toProblems(issue: z.core.$ZodIssue, document: Document, lineCounter: LineCounter): ScenarioProblem[] {
  const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => ({
      ...positionOfKey(document, path, key, lineCounter),
      path: [...path, key].join('.'),
      message: `unknown key "${key}" (a typo?)`,
    }));
  // zod says "Invalid input: expected object, received undefined" of a key that is not there.
  const missing = issue.code === 'invalid_type' && / received undefined$/.test(issue.message);
  const message = missing ? `is required (${issue.expected})` : issue.message;
  return [{ ...positionOf(document, path, lineCounter), path: path.join('.'), message }];
}

/** The node at the path, or the closest ancestor that exists (a missing key is reported at its parent). */
function positionOf(document: Document, path: readonly (string | number)[], lineCounter: LineCounter) {
  for (let length = path.length; length >= 0; length--) {
    const node = document.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    if (node?.range !== undefined) return toLineColumn(node.range[0], lineCounter);
  }
  return { line: 1, column: 1 };
}

function positionOfKey(document: Document, path: readonly (string | number)[], key: string, lineCounter: LineCounter) {
  const parent = path.length === 0 ? document.contents : document.getIn(path, true);
  if (isMap(parent)) {
    const pair = parent.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
    const range = (pair?.key as { range?: [number, number, number] } | null)?.range;
    if (range !== undefined) return toLineColumn(range[0], lineCounter);
  }
  return positionOf(document, path, lineCounter);
}

function toLineColumn(offset: number, lineCounter: LineCounter) {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

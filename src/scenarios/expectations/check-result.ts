import type { ActionResult } from '../actions/action-result.js';
import { findJsonPathMismatch } from '../match/json-path.js';
import { describe, findMismatch } from '../match/match-subset.js';
import type { CliExpectation } from '../schema/expectation-schema.js';
import type { ExpectationOutcome } from './expectation-outcome.js';

/** A subset of the action's result: a ws ack, a refused connection, a query's documents. */
export function checkResult(expected: unknown, result: ActionResult | undefined): ExpectationOutcome {
  const mismatch = result === undefined ? 'the action gave no result' : findMismatch(expected, result);
  return {
    kind: 'result',
    ok: mismatch === undefined,
    summary: `result ${describe(expected)}`,
    expected: describe(expected),
    received: mismatch === undefined ? describe(result) : `${mismatch} (result ${describe(result)})`,
    evidence: [{ atMs: 0, value: result }],
  };
}

/** JSONPath checks on the action's result. */
export function checkJsonPath(
  expected: Readonly<Record<string, unknown>>,
  result: ActionResult | undefined,
): ExpectationOutcome {
  const mismatch = result === undefined ? 'the action gave no result' : findJsonPathMismatch(expected, result);
  return {
    kind: 'jsonpath',
    ok: mismatch === undefined,
    summary: `jsonpath ${describe(expected)}`,
    expected: describe(expected),
    received: mismatch ?? 'every path as expected',
    evidence: [{ atMs: 0, value: result }],
  };
}

/** The exit code and output of a `cli` action. */
export function checkCli(expected: CliExpectation, result: ActionResult | undefined): ExpectationOutcome {
  const parts = [
    expected.exitCode === undefined ? '' : `exit ${expected.exitCode}`,
    expected.stdout === undefined ? '' : `stdout contains ${JSON.stringify(expected.stdout)}`,
    expected.stderr === undefined ? '' : `stderr contains ${JSON.stringify(expected.stderr)}`,
  ].filter(Boolean);
  const summary = `cli ${parts.join(', ')}`;
  const stdout = String(result?.['stdout'] ?? '');
  const stderr = String(result?.['stderr'] ?? '');
  const failures = [
    expected.exitCode !== undefined && result?.['exitCode'] !== expected.exitCode
      ? `exit ${String(result?.['exitCode'])}`
      : '',
    expected.stdout !== undefined && !stdout.includes(expected.stdout) ? `stdout ${describe(stdout)}` : '',
    expected.stderr !== undefined && !stderr.includes(expected.stderr) ? `stderr ${describe(stderr)}` : '',
  ].filter(Boolean);
  return {
    kind: 'cli',
    ok: result !== undefined && failures.length === 0,
    summary,
    expected: parts.join(', '),
    received:
      result === undefined ? 'the command did not run' : failures.join('; ') || `exit ${String(result['exitCode'])}`,
    evidence: [{ atMs: 0, value: { exitCode: result?.['exitCode'], stdout: stdout.slice(0, 2000) } }],
  };
}

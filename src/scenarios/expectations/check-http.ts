import type { HttpExpectation } from '../schema/expectation-schema.js';
import { findJsonPathMismatch } from '../match/json-path.js';
import { describe, findMismatch } from '../match/match-subset.js';
import type { ActionResult } from '../actions/action-result.js';
import type { ExpectationOutcome } from './expectation-outcome.js';

/** Checks the response of an `http` or `webhook` action: status, JSON subset, headers, body text. */
export function checkHttp(expected: HttpExpectation, result: ActionResult | undefined): ExpectationOutcome {
  const summary = `http ${[
    expected.status === undefined ? '' : `status ${[expected.status].flat().join('|')}`,
    expected.json === undefined ? '' : `json ${describe(expected.json)}`,
    expected.headers === undefined ? '' : `headers ${describe(expected.headers)}`,
    expected.body === undefined ? '' : `body contains ${JSON.stringify(expected.body)}`,
    expected.jsonpath === undefined ? '' : `jsonpath ${describe(expected.jsonpath)}`,
  ]
    .filter(Boolean)
    .join(', ')}`;
  const outcome = (ok: boolean, wanted: string, received: string): ExpectationOutcome => ({
    kind: 'http',
    ok,
    summary,
    expected: wanted,
    received,
    evidence: result === undefined ? [] : [{ atMs: 0, value: { status: result['status'], json: result['json'] } }],
  });
  if (result === undefined || typeof result['status'] !== 'number')
    return outcome(false, 'an HTTP response (from an http or webhook action)', 'no response');
  const status = result['status'];
  const statuses = expected.status === undefined ? [] : [expected.status].flat();
  if (statuses.length > 0 && !statuses.includes(status))
    return outcome(
      false,
      `status ${statuses.join(' or ')}`,
      `status ${status} ${describe(result['json'] ?? result['body'])}`,
    );
  if (expected.json !== undefined) {
    const mismatch = findMismatch(expected.json, result['json']);
    if (mismatch !== undefined)
      return outcome(
        false,
        `JSON ${describe(expected.json)}`,
        `${mismatch} (body ${describe(result['json'] ?? result['body'])})`,
      );
  }
  if (expected.jsonpath !== undefined) {
    const mismatch = findJsonPathMismatch(expected.jsonpath, result['json']);
    if (mismatch !== undefined) return outcome(false, `jsonpath ${describe(expected.jsonpath)}`, mismatch);
  }
  if (expected.headers !== undefined) {
    const headers = Object.fromEntries(
      Object.entries((result['headers'] ?? {}) as Record<string, string>).map(([name, value]) => [
        name.toLowerCase(),
        value,
      ]),
    );
    const wanted = Object.fromEntries(
      Object.entries(expected.headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
    const mismatch = findMismatch(wanted, headers);
    if (mismatch !== undefined) return outcome(false, `headers ${describe(expected.headers)}`, mismatch);
  }
  if (expected.body !== undefined && !String(result['body']).includes(expected.body))
    return outcome(false, `a body containing ${JSON.stringify(expected.body)}`, describe(result['body']));
  return outcome(true, summary, `status ${status}`);
}

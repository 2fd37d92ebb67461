import type { Expectation } from '../schema/expectation-schema.js';
import { checkHttp } from './check-http.js';
import { checkCli, checkJsonPath, checkResult } from './check-result.js';
import { armed, type ArmContext, type ArmedExpectation, type ExpectationOutcome } from './expectation-outcome.js';
import { watchChain } from './watch-chain.js';
import { watchLog } from './watch-log.js';
import { watchMongo } from './watch-mongo.js';
import { watchWs } from './watch-ws.js';

/** Starts listening for one expectation (before the step's action); checks of the result only wait for it. */
export async function armExpectation(expectation: Expectation, context: ArmContext): Promise<ArmedExpectation> {
  const stamp = (outcome: ExpectationOutcome) => ({
    ...outcome,
    evidence: outcome.evidence.map((item) => ({ ...item, atMs: Date.now() - context.runStartedAt })),
  });
  if (expectation.log !== undefined) return watchLog(expectation.log, context);
  if (expectation.ws !== undefined) return watchWs(expectation.ws, context);
  if (expectation.mongo !== undefined) return watchMongo(expectation.mongo, context);
  if (expectation.chain !== undefined) return watchChain(expectation.chain, context, armExpectation);
  return armed(({ result, expectation: filled }) => {
    if (filled.http !== undefined) return stamp(checkHttp(filled.http, result));
    if (filled.cli !== undefined) return stamp(checkCli(filled.cli, result));
    if (filled.jsonpath !== undefined) return stamp(checkJsonPath(filled.jsonpath, result));
    return stamp(checkResult(filled.result, result));
  });
}

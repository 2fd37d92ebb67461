import type { Expectation } from '../schema/expectation-schema.js';
import type { Scenario } from '../schema/scenario-schema.js';

/** A service name the lab does not have, and where the file names it (`steps.2.expect.0.log.service`). */
export interface UnknownService {
  readonly path: (string | number)[];
  readonly name: string;
}

/**
 * The service names in `log` expectations (chains' hops included) and in faults that no lab
 * part has: a typo there would only show at run time, as a log that never comes.
 */
export function findUnknownServices(scenario: Scenario, known: ReadonlySet<string>): UnknownService[] {
  const found: UnknownService[] = [];
  const check = (name: string | undefined, path: (string | number)[]) => {
    if (name !== undefined && !known.has(name)) found.push({ path, name });
  };
  const checkLog = (expectation: Expectation, path: (string | number)[]) => {
    check(expectation.log?.service, [...path, 'log', 'service']);
    expectation.chain?.hops.forEach((hop, index) =>
      check(hop.log?.service, [...path, 'chain', 'hops', index, 'log', 'service']),
    );
  };
  for (const phase of ['setup', 'steps', 'cleanup'] as const)
    scenario[phase]?.forEach((step, index) => {
      const service = step.do.service;
      for (const verb of ['stop', 'start', 'restart'] as const)
        check(service?.[verb], [phase, index, 'do', 'service', verb]);
      step.expect.forEach((expectation, at) => checkLog(expectation, [phase, index, 'expect', at]));
    });
  return found;
}

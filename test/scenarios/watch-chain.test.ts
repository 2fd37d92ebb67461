import { describe, expect, it } from 'vitest';
import type {
  ArmedExpectation,
  ArmContext,
  ExpectationOutcome,
} from '../../src/scenarios/expectations/expectation-outcome.js';
import { watchChain } from '../../src/scenarios/expectations/watch-chain.js';
import type { ChainExpectation, Expectation } from '../../src/scenarios/schema/expectation-schema.js';

/** A hop that says what it was told: held or not, and when (ms since the run started). */
interface Told {
  readonly ok: boolean;
  readonly atMs: number;
}

const runStartedAt = Date.now() - 1000;
const context = { runStartedAt, stepStartedAt: runStartedAt, timeoutMs: 5000 } as unknown as ArmContext;

function hops(count: number, budgetMs?: number): ChainExpectation['hops'] {
  return Array.from({ length: count }, (_, index) => ({
    log: { service: `svc-${index + 1}`, match: `line ${index + 1}` },
    ...(budgetMs === undefined ? {} : { budget: budgetMs }),
  })) as ChainExpectation['hops'];
}

async function decide(chain: ChainExpectation, told: readonly Told[]): Promise<ExpectationOutcome> {
  let next = 0;
  const armOne = async (expectation: Expectation): Promise<ArmedExpectation> => {
    const { ok, atMs } = told[next++]!;
    const service = expectation.log!.service;
    return {
      settle: async () => ({
        kind: 'log',
        ok,
        summary: `log ${service}`,
        expected: 'a line',
        received: ok ? '1' : '0',
        evidence: ok ? [{ atMs, value: { message: service } }] : [],
        service,
      }),
      close: async () => undefined,
    };
  };
  const armed = await watchChain(chain, context, armOne);
  const outcome = await armed.settle({
    expectation: { chain } as Expectation,
    result: undefined,
    actionEndedAt: performance.now(),
    stepDeadline: performance.now() + 1000,
    signal: new AbortController().signal,
  });
  await armed.close();
  return outcome;
}

describe('chain: hops in order, each within its budget, on one clock', () => {
  const later = (ms: number) => Date.now() - runStartedAt + ms;

  it('holds when every hop holds in order, and gives each hop its time, lane and latency', async () => {
    const outcome = await decide({ id: 'ord_1', hops: hops(3, 5000) }, [
      { ok: true, atMs: later(10) },
      { ok: true, atMs: later(20) },
      { ok: true, atMs: later(20) },
    ]);
    expect(outcome.ok, outcome.received).toBe(true);
    expect(outcome.evidence.map((evidence) => evidence.lane)).toEqual(['svc-1', 'svc-2', 'svc-3']);
    expect(outcome.evidence[1]!.what).toBe('chain ord_1 · hop 2/3 (+10 ms): log svc-2');
    expect(outcome.evidence[2]!.what).toBe('chain ord_1 · hop 3/3 (+0 ms): log svc-3');
  });

  it('fails a hop seen before the hop it follows', async () => {
    const outcome = await decide({ id: 'ord_1', hops: hops(2) }, [
      { ok: true, atMs: later(50) },
      { ok: true, atMs: later(30) },
    ]);
    expect(outcome.ok).toBe(false);
    expect(outcome.received).toMatch(/^hop 2 \(log svc-2\) came at \d+ ms, 20 ms before hop 1: out of order$/);
  });

  it('fails a hop over its budget, and a hop that did not hold, naming it', async () => {
    const slow = await decide({ id: 'ord_1', hops: hops(2, 100) }, [
      { ok: true, atMs: later(10) },
      { ok: true, atMs: later(400) },
    ]);
    expect(slow.ok).toBe(false);
    expect(slow.received).toBe('hop 2 (log svc-2) came 390 ms after hop 1, over its budget of 100 ms');
    const missing = await decide({ id: 'ord_1', hops: hops(2) }, [
      { ok: true, atMs: later(10) },
      { ok: false, atMs: 0 },
    ]);
    expect(missing.ok).toBe(false);
    expect(missing.received).toBe('hop 2 (log svc-2) failed: expected a line, received 0');
    expect(missing.service).toBe('svc-2');
  });
});
